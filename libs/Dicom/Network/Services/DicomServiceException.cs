using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// Thrown by a service handler to answer a request with a failure (or warning) status. The registry turns it into the
/// response: Status (0000,0900), Error Comment (0000,0902) from the message (at most 64 characters), and Error ID
/// (0000,0903) and Offending Element (0000,0901) when given.
/// </summary>
public sealed class DicomServiceException : DicomException
{
    public DicomServiceException()
        : this(DicomStatus.ProcessingFailure, "Processing failure")
    {
    }

    public DicomServiceException(string message)
        : this(DicomStatus.ProcessingFailure, message)
    {
    }

    public DicomServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = DicomStatus.ProcessingFailure;
    }

    public DicomServiceException(DicomStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    public DicomServiceException(DicomStatus status, string message, Exception innerException)
        : base(message, innerException)
    {
        Status = status;
    }

    public DicomStatus Status { get; }

    /// <summary>A service-specific Error ID (0000,0903), such as 0xA710 for an MPPS that may no longer be updated.</summary>
    public ushort? ErrorId { get; init; }

    /// <summary>The elements in which the error was detected (0000,0901).</summary>
    public IReadOnlyList<DicomTag> OffendingElements { get; init; } = [];
}
