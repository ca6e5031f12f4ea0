namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.DicomCommitmentResult"/>: the cloud's answer to a <see cref="CommitmentRequest"/>,
/// which the edge sends to the modality as an N-EVENT-REPORT (event type 1 all committed, 2 some failed).
/// </summary>
public sealed record CommitmentResult
{
    public required string TransactionUid { get; init; }

    public required string RequestingAeTitle { get; init; }

    public IReadOnlyList<SopInstanceReference> Committed { get; init; } = [];

    public IReadOnlyList<CommitmentFailure> Failed { get; init; } = [];
}

/// <summary>
/// An instance that could not be committed, with its PS3.4 Failure Reason (0x0110 processing failure, 0x0112 no such
/// object instance, ...) and a human-readable explanation for the exception list.
/// </summary>
public sealed record CommitmentFailure(string SopClassUid, string SopInstanceUid, ushort FailureReason, string Explanation);
