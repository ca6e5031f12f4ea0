using CloudRisPacs.Core.Orders;

namespace CloudRisPacs.Core.Patients;

/// <summary>What one message changes in a patient partition; committed atomically with its processed-message marker.</summary>
public sealed class PatientPartitionChange(PatientPartition partition, PatientRecord patient)
{
    public PatientPartition Partition { get; } = partition;

    /// <summary>The patient row to write (its <see cref="PatientRecord.Revision"/> is bumped by the store).</summary>
    public PatientRecord Patient { get; set; } = patient;

    public List<OrderRecord> Orders { get; } = [];

    public List<StepRecord> Steps { get; } = [];

    public List<string> AddedStudyLinks { get; } = [];

    /// <summary>Row keys to delete (rows moved away by a merge).</summary>
    public List<string> Deletions { get; } = [];

    /// <summary>The message whose marker is written with the change; null for changes without one (reconciliation).</summary>
    public string? MessageId { get; set; }

    /// <summary>Stored with the marker: the trace of the message (JSON) so a redelivery can restore it.</summary>
    public string? MarkerTrace { get; set; }

    public int RowCount => Orders.Count + Steps.Count + AddedStudyLinks.Count + Deletions.Count;
}
