using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;

namespace CloudRisPacs.Core.Watchdogs;

/// <summary>
/// Handles <see cref="BusMessageKinds.EdgeHeartbeat"/>: records when the site was last heard from; resolves its "edge silent"
/// exception; raises or resolves its parked-messages exceptions (<see cref="EdgeParkedEntries"/>).
/// </summary>
public sealed class HeartbeatHandler(PipelineServices services, EdgeAgentRegistry agents) : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var heartbeat = BusContractJson.Deserialize<EdgeHeartbeat>(message);
        var receivedAt = services.Context.Now;
        await agents.RecordHeartbeatAsync(delivery.Tenant, heartbeat, receivedAt, cancellationToken).ConfigureAwait(false);
        foreach (var id in new[] { ExceptionStore.IdFor(ExceptionKinds.EdgeSilent, heartbeat.SiteId), ExceptionStore.IdFor(ExceptionKinds.EdgeSilent, "*") })
        {
            if (await services.Exceptions.GetAsync(delivery.Tenant, id, cancellationToken).ConfigureAwait(false) is { Status: ExceptionStatus.Open })
            {
                await services.Exceptions.ResolveAsync(delivery.Tenant, id, "system", $"Heartbeat received from {heartbeat.SiteId} at {receivedAt:O}.",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        await EdgeParkedEntries.ApplyAsync(services.Exceptions, delivery.Tenant, heartbeat, receivedAt, cancellationToken).ConfigureAwait(false);
        return BusHandlingResult.Complete;
    }
}
