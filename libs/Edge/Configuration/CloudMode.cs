namespace CloudRisPacs.Edge.Configuration;

/// <summary>How the agent reaches the cloud (<c>EdgeAgent__Cloud__Mode</c>).</summary>
public enum CloudMode
{
    /// <summary>Azure: Service Bus session queues and Blob Storage with an Entra ID credential.</summary>
    ServiceBus,

    /// <summary>Local mode: Azurite (Storage Queues with claim check, Blob) through a connection string.</summary>
    StorageQueues,
}
