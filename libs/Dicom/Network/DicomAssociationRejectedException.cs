namespace CloudRisPacs.Dicom.Network;

/// <summary>The called application entity rejected the association (A-ASSOCIATE-RJ); the message says who and why.</summary>
public sealed class DicomAssociationRejectedException : DicomNetworkException
{
    public DicomAssociationRejectedException()
    {
    }

    public DicomAssociationRejectedException(string message)
        : base(message)
    {
    }

    public DicomAssociationRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
