namespace CloudRisPacs.Edge.Spool;

/// <summary>
/// The local file of one spooled instance could not be read (permissions, a disk error, not a file). It is that
/// instance's own failure, never an outage: the cloud was not asked, and the other instances can still be uploaded.
/// </summary>
public sealed class SpoolFileUnreadableException : Exception
{
    public SpoolFileUnreadableException()
    {
    }

    public SpoolFileUnreadableException(string message)
        : base(message)
    {
    }

    public SpoolFileUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
