namespace CloudRisPacs.Core.Exceptions;

/// <summary>
/// A row of the <c>Exceptions</c> table (partition <c>{tenant}</c>): what went wrong, about what, and how it ended.
/// <see cref="Id"/> is derived from kind and subject, so raising the same problem again (a redelivered message, a
/// watchdog's next run) updates the one row instead of adding another.
/// </summary>
public sealed record ExceptionRecord
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public ExceptionStatus Status { get; init; } = ExceptionStatus.Open;

    public required string Reason { get; init; }

    public string? MessageId { get; init; }

    public string? AccessionNumber { get; init; }

    public string? StudyInstanceUid { get; init; }

    public string? PatientId { get; init; }

    public string? OrderKey { get; init; }

    /// <summary>The raw message (ER7 text, or a body description), up to <see cref="ExceptionStore.MaxRawLength"/> characters.</summary>
    public string? RawMessage { get; init; }

    public int RawLength { get; init; }

    public int Occurrences { get; init; } = 1;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public string? Resolution { get; init; }
}
