namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>How and why an association ended, for logs and for the callers waiting on it.</summary>
public sealed record AssociationEnd(AssociationEndKind Kind, string Detail)
{
    /// <summary>The exception behind a failed connection (a refused TLS certificate, say), for callers that tell causes apart.</summary>
    public Exception? Cause { get; init; }

    public override string ToString() => $"{Kind}: {Detail}";
}
