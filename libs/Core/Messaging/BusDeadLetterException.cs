namespace CloudRisPacs.Core.Messaging;

/// <summary>Thrown by a handler for a message that can never succeed; the pump dead-letters it with this reason.</summary>
public sealed class BusDeadLetterException : Exception
{
    public BusDeadLetterException()
        : this(BusDeadLetterReasons.HandlerRejected, "The handler rejected the message.")
    {
    }

    public BusDeadLetterException(string message)
        : this(BusDeadLetterReasons.HandlerRejected, message)
    {
    }

    public BusDeadLetterException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = BusDeadLetterReasons.HandlerRejected;
    }

    public BusDeadLetterException(string reason, string description)
        : base(description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    public BusDeadLetterException(string reason, string description, Exception innerException)
        : base(description, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    /// <summary>Short machine-readable reason recorded with the dead letter.</summary>
    public string Reason { get; }
}
