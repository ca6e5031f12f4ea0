using Azure.Messaging.ServiceBus.Administration;
using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Azure.ServiceBus;

/// <summary>
/// Backlog of a Service Bus channel from the queue's runtime properties: active and dead-lettered counts. The oldest
/// message's age is not available for session queues without receiving, so it is reported as unknown (null).
/// Needs the Manage right on the namespace.
/// </summary>
public sealed class ServiceBusBacklogProbe(ServiceBusAdministrationClient administration, TimeProvider? timeProvider = null) : IBusBacklogProbe
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public async Task<BusBacklog> GetBacklogAsync(BusChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var properties = (await administration.GetQueueRuntimePropertiesAsync(channel.Name, cancellationToken).ConfigureAwait(false)).Value;
        return new BusBacklog(channel, properties.ActiveMessageCount + properties.ScheduledMessageCount, null,
            properties.DeadLetterMessageCount, clock.GetUtcNow());
    }
}
