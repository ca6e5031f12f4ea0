namespace CloudRisPacs.Dicom.Network;

/// <summary>A DICOM network operation could not be carried out: the association ended, was aborted, or the peer broke the protocol.</summary>
public class DicomNetworkException : DicomException
{
    public DicomNetworkException()
    {
    }

    public DicomNetworkException(string message)
        : base(message)
    {
    }

    public DicomNetworkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
