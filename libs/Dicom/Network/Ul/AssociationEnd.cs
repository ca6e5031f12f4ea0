namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>How and why an association ended, for logs and for the callers waiting on it.</summary>
public sealed record AssociationEnd(AssociationEndKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}
