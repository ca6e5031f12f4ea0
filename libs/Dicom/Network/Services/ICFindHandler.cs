namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// Answers C-FIND: yields the matches, each sent as a pending response as soon as it is produced; the final success
/// follows when the enumeration ends. A C-CANCEL from the peer cancels <c>cancellationToken</c>; the registry then sends
/// the final Cancel status. Throw <see cref="DicomServiceException"/> to end with a failure status.
/// </summary>
public interface ICFindHandler
{
    IAsyncEnumerable<DicomFindResponse> FindAsync(DicomFindRequest request, CancellationToken cancellationToken);
}
