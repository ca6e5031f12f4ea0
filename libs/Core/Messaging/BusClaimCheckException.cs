namespace CloudRisPacs.Core.Messaging;

/// <summary>A claim-checked body cannot be fetched: the blob is missing, shorter or longer, or its hash differs.</summary>
public sealed class BusClaimCheckException : Exception
{
    public BusClaimCheckException()
    {
    }

    public BusClaimCheckException(string message)
        : base(message)
    {
    }

    public BusClaimCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
