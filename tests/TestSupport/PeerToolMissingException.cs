namespace CloudRisPacs.TestSupport;

/// <summary>A protocol peer a test needs is not installed; the message names the package.</summary>
public sealed class PeerToolMissingException : Exception
{
    public PeerToolMissingException()
    {
    }

    public PeerToolMissingException(string message)
        : base(message)
    {
    }

    public PeerToolMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
