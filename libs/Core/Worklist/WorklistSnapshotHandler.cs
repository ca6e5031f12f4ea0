using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Worklist;

/// <summary>
/// Handles <see cref="BusMessageKinds.WorklistSnapshotRequested"/>: publishes the tenant's whole worklist as
/// <see cref="BusMessageKinds.WorklistChanged"/> snapshot parts (all parts share a snapshot id; the edge replaces its
/// cache once every part arrived). An empty worklist is one empty part.
/// </summary>
public sealed class WorklistSnapshotHandler(PipelineServices services) : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var tenant = delivery.Tenant;
        var items = await ListAsync(services, tenant, cancellationToken).ConfigureAwait(false);
        var size = services.Context.Options.SnapshotPartSize;
        var parts = items.Count == 0 ? [[]] : items.Chunk(size).ToArray();
        var snapshotId = message.MessageId + WorklistChange.SnapshotIdSuffix;
        var messages = parts.Select((part, index) => new BusMessage
        {
            MessageId = $"{snapshotId}-{index + 1}",
            Kind = BusMessageKinds.WorklistChanged,
            SessionKey = BusSessionKey.ForTenant(tenant),
            CorrelationId = message.CorrelationId ?? message.MessageId,
            ClaimedTenant = tenant.Value,
            ContentType = BusContractJson.ContentType,
            Body = BusContractJson.Serialize(new WorklistChange
            {
                Upserts = part,
                IsSnapshot = true,
                SnapshotId = snapshotId,
                SnapshotPart = index + 1,
                SnapshotPartCount = parts.Length,
            }),
        }.WithCurrentTraceContext()).ToArray();
        await services.Context.Publisher.PublishBatchAsync(BusChannel.Edge(tenant), messages, cancellationToken).ConfigureAwait(false);
        return BusHandlingResult.Complete;
    }

    /// <summary>Every item on the tenant's worklist, in scheduled order (the HTTP full sync serves the same list).</summary>
    public static async Task<IReadOnlyList<WorklistItem>> ListAsync(PipelineServices services, TenantId tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var items = new List<WorklistItem>();
        await foreach (var step in services.Patients.ListWorklistAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            items.Add(step.Item);
        }

        return items
            .OrderBy(i => i.ScheduledStartDate, StringComparer.Ordinal)
            .ThenBy(i => i.ScheduledStartTime ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(i => i.ItemKey, StringComparer.Ordinal)
            .ToArray();
    }
}
