using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Validation;

/// <summary>Every problem found, in message order.</summary>
public sealed class Hl7ValidationResult(IReadOnlyList<Hl7ValidationIssue> issues)
{
    public IReadOnlyList<Hl7ValidationIssue> Issues { get; } = issues;

    public IEnumerable<Hl7ValidationIssue> Errors => Issues.Where(i => i.IsError);

    public bool IsValid => !Issues.Any(i => i.IsError);

    /// <summary>
    /// The outcome an acknowledgement should carry: rejected for message-level faults (unsupported type, event,
    /// version or processing id), error for content faults, accepted otherwise.
    /// </summary>
    public Hl7AckOutcome Outcome => Errors.Any(i => (int)i.Code >= 200 && i.Code != Hl7ErrorCode.ApplicationInternalError)
        ? Hl7AckOutcome.Rejected
        : IsValid ? Hl7AckOutcome.Accepted : Hl7AckOutcome.Error;

    public override string ToString() => IsValid ? "valid" : string.Join("; ", Issues);
}
