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

    public DateTimeOffset RequestedAt { get; init; }
}
