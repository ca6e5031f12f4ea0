namespace CloudRisPacs.Dicom;

/// <summary>A value that cannot be converted as asked: an IS that is not a number, a date that is not a date, a VR that holds no numbers.</summary>
public sealed class DicomValueException : DicomException
{
    public DicomValueException()
    {
    }

    public DicomValueException(string message)
        : base(message)
    {
    }

    public DicomValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
