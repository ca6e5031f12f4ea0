using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// Everything of one patient that one message may change, read with one query: the patient row, its orders, their
/// scheduled steps and the studies linked to it (processed-message markers are not read; they are written).
/// </summary>
public sealed class PatientPartition
{
    public PatientPartition(TenantId tenant, string patientKey)
    {
        Tenant = tenant;
        PatientKey = patientKey;
    }

    public TenantId Tenant { get; }

    public string PatientKey { get; }

    /// <summary>The patient row, null when the patient is new.</summary>
    public PatientRecord? Patient { get; set; }

    /// <summary>ETag of the patient row as read; every commit is conditional on it.</summary>
    public string? PatientETag { get; set; }

    public Dictionary<string, OrderRecord> Orders { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, StepRecord> Steps { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> StudyLinks { get; } = new(StringComparer.Ordinal);

    public bool Exists => Patient is not null;

    public IEnumerable<StepRecord> StepsOf(string orderKey) => Steps.Values.Where(s => s.OrderKey == orderKey);
}
