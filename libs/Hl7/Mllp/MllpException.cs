namespace CloudRisPacs.Hl7.Mllp;

/// <summary>An MLLP exchange failed at the transport level (no connection, no response in time, a broken frame).</summary>
public sealed class MllpException : IOException
{
    public MllpException()
    {
    }

    public MllpException(string message)
        : base(message)
    {
    }

    public MllpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
