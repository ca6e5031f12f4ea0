namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// A request received from the peer, as the service registry sees it: the command, the data set (parsed, or streamed
/// for C-STORE), and the means to answer. <see cref="CancellationToken"/> fires on C-CANCEL and when the association
/// ends.
/// </summary>
internal sealed class DimseIncomingRequest(DimseSession session, DimseMessage message, DicomTransferSyntax transferSyntax, CancellationToken cancellationToken)
{
    public DimseSession Session { get; } = session;

    public DimseMessage Message { get; } = message;

    public DicomTransferSyntax TransferSyntax { get; } = transferSyntax;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Cancels the handling (behind <see cref="CancellationToken"/>); the session's, for C-CANCEL and release.</summary>
    internal required CancellationTokenSource Operation { get; init; }

    /// <summary>Tells this request's handling apart from a later request's that reuses its message id.</summary>
    internal required long Sequence { get; init; }

    /// <summary>The data set of a C-STORE request, as it arrives, in <see cref="TransferSyntax"/>.</summary>
    public Stream? DataSetStream { get; init; }

    /// <summary>Completes when the whole streamed data set has been received.</summary>
    public Task? DataSetComplete { get; init; }

    /// <summary>Why the buffered data set could not be read, when it could not.</summary>
    public string? DataSetError { get; init; }

    public DicomAssociationInfo Association => Session.Info;

    /// <summary>
    /// Sends a response. For a streamed request the rest of the data set is received (and dropped) first, since PS3.7
    /// has the response follow the whole request. <paramref name="moreFollow"/> says another response of this request
    /// is ready to follow at once (a burst of pending C-FIND responses): this one may then share the next socket write.
    /// </summary>
    public Task RespondAsync(DicomStatus status, DicomDataset? dataSet = null, Action<DicomDataset>? completeCommand = null, string? sopInstanceUid = null, bool moreFollow = false) =>
        Session.RespondAsync(this, status, dataSet, completeCommand, sopInstanceUid, moreFollow);
}
