namespace CloudRisPacs.Core.Trace;

/// <summary>Where one message went: a row <c>msg|{id}</c> of the <c>MessageTrace</c> table.</summary>
public sealed record TraceRecord
{
    public required string MessageId { get; init; }

    public required string Kind { get; init; }

    public string? MessageType { get; init; }

    public string? ControlId { get; init; }

    public string? CorrelationId { get; init; }

    public required string Outcome { get; init; }

    public string? Detail { get; init; }

    /// <summary>The patient partition the message was applied to (after merge redirection).</summary>
    public string? PatientKey { get; init; }

    public IReadOnlyList<string> Accessions { get; init; } = [];

    public string? StudyInstanceUid { get; init; }

    public DateTimeOffset At { get; init; }
}
