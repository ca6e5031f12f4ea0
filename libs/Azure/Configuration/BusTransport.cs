namespace CloudRisPacs.Azure.Configuration;

/// <summary>Which transport carries the bus (<c>CloudRisPacs:Bus:Transport</c>; the edge agent's <c>Cloud:Mode</c>).</summary>
public enum BusTransport
{
    /// <summary>Azure Service Bus session queues (production).</summary>
    ServiceBus,

    /// <summary>Azure Storage Queues (local mode on Azurite).</summary>
    StorageQueues,
}
