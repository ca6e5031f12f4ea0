using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Trace;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// What applying an HL7 message did, for the work that follows the commit: worklist changes to publish, studies whose
/// patient data must follow, studies that were waiting for this order.
/// </summary>
public sealed class IngestionOutcome(TraceRecord trace)
{
    public TraceRecord Trace { get; set; } = trace;

    public List<StepRecord> ChangedSteps { get; } = [];

    /// <summary>Studies to update with the patient's identity and demographics (patient key, patient, study uid).</summary>
    public List<(string PatientKey, PatientRecord Patient, string StudyUid)> StudiesToPropagate { get; } = [];

    /// <summary>Studies indexed before their order arrived: reconcile them now.</summary>
    public List<(string Accession, string StudyUid)> StudiesAwaitingOrder { get; } = [];

    /// <summary>Accessions this message took over from another patient (the RIS's correction of a wrong-patient order).</summary>
    public List<string> ReassignedAccessions { get; } = [];

    /// <summary>True when the message had been applied before (a redelivery).</summary>
    public bool WasDuplicate { get; set; }
}
