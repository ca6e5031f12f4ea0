namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.DicomCommitmentRequested"/>: a modality's Storage Commitment N-ACTION. The cloud
/// answers with a <see cref="CommitmentResult"/> once it can say, per instance, whether it is stored and indexed.
/// </summary>
public sealed record CommitmentRequest
{
    public required string TransactionUid { get; init; }

    public required string RequestingAeTitle { get; init; }

    public required IReadOnlyList<SopInstanceReference> Instances { get; init; }

    /// <summary>When the modality asked (its N-ACTION at the edge); the cloud's wait runs from the request's arrival, not from this.</summary>
    public DateTimeOffset RequestedAt { get; init; }
}
