using Azure;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace CloudRisPacs.Azure.Tests.ServiceBus;

// No Service Bus emulator runs here, so these stand in for the SDK's network objects (the one place doubles are used).

/// <summary>Records how the pump settles a message instead of talking to a broker.</summary>
internal sealed class RecordingSessionMessageArgs(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    : ProcessSessionMessageEventArgs(message, receiver: null!, cancellationToken)
{
    public List<string> Settlements { get; } = [];

    public (string? Reason, string? Description) DeadLetter { get; private set; }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Settlements.Add("complete");
        return Task.CompletedTask;
    }

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null,
        CancellationToken cancellationToken = default)
    {
        Settlements.Add("abandon");
        return Task.CompletedTask;
    }

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null,
        CancellationToken cancellationToken = default)
    {
        Settlements.Add("dead-letter");
        DeadLetter = (deadLetterReason, deadLetterErrorDescription);
        return Task.CompletedTask;
    }
}

/// <summary>A sender that keeps what it was asked to send; batches hold at most <paramref name="maxPerBatch"/> messages.</summary>
internal sealed class RecordingSender(int maxPerBatch) : ServiceBusSender
{
    private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> stores = [];

    public List<List<ServiceBusMessage>> SentBatches { get; } = [];

    public List<ServiceBusMessage> SentSingly { get; } = [];

    public override ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default)
    {
        var store = new List<ServiceBusMessage>();
        var batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, tryAddCallback: _ => store.Count < maxPerBatch);
        stores[batch] = store;
        return ValueTask.FromResult(batch);
    }

    public override Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        SentBatches.Add([.. stores[messageBatch]]);
        return Task.CompletedTask;
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        SentSingly.Add(message);
        return Task.CompletedTask;
    }
}

internal sealed class RecordingClient(RecordingSender sender) : ServiceBusClient
{
    public List<string> SenderQueues { get; } = [];

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        SenderQueues.Add(queueOrTopicName);
        return sender;
    }
}

internal sealed class FixedRuntimeAdministration(QueueRuntimeProperties properties) : ServiceBusAdministrationClient
{
    public override Task<Response<QueueRuntimeProperties>> GetQueueRuntimePropertiesAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Response.FromValue(properties, null!));
}
