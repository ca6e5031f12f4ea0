using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Worklist;

/// <summary>
/// Publishes worklist changes to the tenant's edge channel as <see cref="BusMessageKinds.WorklistChanged"/> with a
/// <see cref="WorklistChange"/> body. The message id is derived from the cause, so a redelivered cause publishes a
/// duplicate the transport's duplicate detection drops (and the edge ignores by item version anyway).
/// </summary>
public sealed class WorklistPublisher(IBusPublisher publisher)
{
    public async Task PublishAsync(TenantId tenant, string causeMessageId, string sessionKey, IReadOnlyCollection<StepRecord> changedSteps,
        string? correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changedSteps);
        if (changedSteps.Count == 0)
        {
            return;
        }

        var change = new WorklistChange
        {
            Upserts = changedSteps.Where(s => s.OnWorklist).Select(s => s.Item).ToArray(),
            Removals = changedSteps.Where(s => !s.OnWorklist)
                .Select(s => new WorklistRemoval(s.ItemKey, s.Version, s.RemovalReason ?? "removed")).ToArray(),
        };
        var message = new BusMessage
        {
            MessageId = $"{causeMessageId}-wl",
            Kind = BusMessageKinds.WorklistChanged,
            SessionKey = sessionKey,
            CorrelationId = correlationId,
            ClaimedTenant = tenant.Value,
            ContentType = BusContractJson.ContentType,
            Body = BusContractJson.Serialize(change),
        }.WithCurrentTraceContext();
        await publisher.PublishAsync(BusChannel.Edge(tenant), message, cancellationToken).ConfigureAwait(false);
    }
}
