namespace CloudRisPacs.Dicom;

/// <summary>The base of the exceptions this library throws for DICOM-level problems.</summary>
public class DicomException : Exception
{
    public DicomException()
    {
    }

    public DicomException(string message)
        : base(message)
    {
    }

    public DicomException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
