namespace CloudRisPacs.Edge.Spool;

/// <summary>An instance exceeded <c>EdgeAgent:Spool:MaxInstanceBytes</c> while it was being received.</summary>
public sealed class InstanceTooLargeException : IOException
{
    public InstanceTooLargeException()
    {
    }

    public InstanceTooLargeException(string message)
        : base(message)
    {
    }

    public InstanceTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
