namespace CloudRisPacs.Core.Patients;

public enum PatientCommitResult
{
    Committed,

    /// <summary>The message's marker already exists: it was applied before.</summary>
    Duplicate,

    /// <summary>The partition changed since it was read: read again and recompute.</summary>
    Conflict,
}
