namespace CloudRisPacs.Core.Messaging;

/// <summary>Bytes that should be a serialized <see cref="BusEnvelope"/> are not one; the message says what is wrong.</summary>
public sealed class BusEnvelopeFormatException : FormatException
{
    public BusEnvelopeFormatException()
    {
    }

    public BusEnvelopeFormatException(string message)
        : base(message)
    {
    }

    public BusEnvelopeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
