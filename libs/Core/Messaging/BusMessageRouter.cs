namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Routes each message to the handler registered for its <see cref="BusMessage.Kind"/>; a kind without a handler is
/// dead-lettered with <see cref="BusDeadLetterReasons.UnknownKind"/> rather than silently completed.
/// </summary>
public sealed class BusMessageRouter : IBusMessageHandler
{
    private readonly Dictionary<string, IBusMessageHandler> handlers;

    public BusMessageRouter(IEnumerable<KeyValuePair<string, IBusMessageHandler>> handlersByKind)
    {
        ArgumentNullException.ThrowIfNull(handlersByKind);
        handlers = new Dictionary<string, IBusMessageHandler>(StringComparer.Ordinal);
        foreach (var (kind, handler) in handlersByKind)
        {
            ArgumentNullException.ThrowIfNull(handler);
            if (!handlers.TryAdd(kind, handler))
            {
                throw new ArgumentException($"Two handlers are registered for kind '{kind}'.", nameof(handlersByKind));
            }
        }
    }

    /// <summary>The kinds this router handles.</summary>
    public IReadOnlyCollection<string> Kinds => handlers.Keys;

    public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return handlers.TryGetValue(message.Kind, out var handler)
            ? handler.HandleAsync(message, delivery, cancellationToken)
            : Task.FromResult(BusHandlingResult.DeadLetter(
                BusDeadLetterReasons.UnknownKind, $"No handler is registered for kind '{message.Kind}'."));
    }
}
