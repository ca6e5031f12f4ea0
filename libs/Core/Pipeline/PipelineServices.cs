using System.Text.Json;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Reconciliation;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Trace;
using CloudRisPacs.Core.Worklist;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>The stores and shared services of the pipeline, built once from a <see cref="PipelineContext"/>.</summary>
public sealed class PipelineServices
{
    public PipelineServices(PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        var tables = context.Tables;
        Patients = new PatientPartitionStore(tables);
        Resolver = new PatientResolver(Patients);
        Accessions = new AccessionIndex(tables);
        Studies = new StudyStore(tables);
        Corrections = new CorrectionLog(tables, context.Time);
        StudyPatients = new StudyPatientUpdater(Studies, Corrections);
        Audit = new AuditLog(tables, context.Time);
        Exceptions = new ExceptionStore(tables, Audit, context.Time);
        Worklist = new WorklistPublisher(context.Publisher);
        Reconciler = new Reconciler(Accessions, Studies, Patients, Resolver, StudyPatients, Exceptions, Audit, context.Time);
        HeaderLoader = new DicomHeaderLoader(context.Blobs, context.Options.HeaderReadBytes, context.Options.MaxHeaderBytes);
    }

    public PipelineContext Context { get; }

    public PatientPartitionStore Patients { get; }

    public PatientResolver Resolver { get; }

    public AccessionIndex Accessions { get; }

    public StudyStore Studies { get; }

    public CorrectionLog Corrections { get; }

    public StudyPatientUpdater StudyPatients { get; }

    public AuditLog Audit { get; }

    public ExceptionStore Exceptions { get; }

    public WorklistPublisher Worklist { get; }

    public Reconciler Reconciler { get; }

    public DicomHeaderLoader HeaderLoader { get; }

    /// <summary>
    /// Loads the partition of <paramref name="patientKey"/>, following an A40 merge to the survivor when the tenant's
    /// policy redirects (or rejecting the message when it does not). Returns the key the message was redirected from.
    /// </summary>
    public async Task<(PatientPartition Partition, string? RedirectedFrom)> LoadPatientAsync(TenantPolicy policy, string patientKey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var partition = await Patients.LoadAsync(policy.Tenant, patientKey, cancellationToken).ConfigureAwait(false);
        if (partition.Patient?.MergedInto is null)
        {
            return (partition, null);
        }

        if (policy.MergedPatient == MergedPatientPolicy.Reject)
        {
            throw new Hl7RejectionException(
                $"Patient {partition.Patient.Identity} was merged into {PatientIdentity.FromKey(partition.Patient.MergedInto)}; " +
                "the tenant's policy rejects messages naming a merged patient.", "204");
        }

        var survivor = await Resolver.ResolveAsync(policy.Tenant, patientKey, cancellationToken).ConfigureAwait(false);
        return (await Patients.LoadAsync(policy.Tenant, survivor, cancellationToken).ConfigureAwait(false), patientKey);
    }

    /// <summary>
    /// A message whose marker exists was applied before: restore its trace from the marker (a crash may have come
    /// between the commit and the trace) and hand back its after-commit work to do again, as it may have failed after the
    /// commit: the current state of its orders' steps to publish again and, when the patient's demographics are still
    /// the ones it carried (<paramref name="patientVersion"/>), every step and linked study of the patient to bring up to
    /// them. Each is idempotent: the edge ignores an item version it has, a study takes a patient version once, and a
    /// study's correction row is keyed by message.
    /// </summary>
    public async Task<IngestionOutcome> DuplicateAsync(Orders.Hl7Inbound inbound, PatientPartition partition, IReadOnlyList<string> accessions,
        string patientVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(partition);
        var stored = await Patients.GetMarkerTraceAsync(inbound.Tenant, partition.PatientKey, inbound.MessageId, cancellationToken).ConfigureAwait(false);
        var trace = string.IsNullOrEmpty(stored)
            ? new TraceRecord
            {
                MessageId = inbound.MessageId, Kind = inbound.Message.Kind, MessageType = inbound.MessageType, ControlId = inbound.ControlId,
                Outcome = TraceOutcome.Applied, PatientKey = partition.PatientKey, Accessions = accessions, At = Context.Now,
            }
            : JsonSerializer.Deserialize<TraceRecord>(stored, BusContractJson.Options)!;
        await TenantPartitionWriter.WriteTraceAsync(Context.Tables, inbound.Tenant, trace, cancellationToken).ConfigureAwait(false);
        var latest = await Patients.LoadAsync(inbound.Tenant, partition.PatientKey, cancellationToken).ConfigureAwait(false);
        var outcome = new IngestionOutcome(trace) { WasDuplicate = true };
        var orderKeys = latest.Orders.Values.Where(o => accessions.Contains(o.AccessionNumber, StringComparer.Ordinal)).Select(o => o.OrderKey).ToHashSet(StringComparer.Ordinal);
        var patientChanged = latest.Patient is { } patient && patient.Version == patientVersion && patientVersion != VersionStamp.None;
        outcome.ChangedSteps.AddRange(latest.Steps.Values.Where(s => patientChanged || orderKeys.Contains(s.OrderKey)));
        if (patientChanged)
        {
            outcome.StudiesToPropagate.AddRange(latest.StudyLinks.Select(study => (latest.PatientKey, latest.Patient!, study)));
        }

        return outcome;
    }

    /// <summary>Raises a rejection as an exception row with the raw message, and traces it.</summary>
    public async Task RecordRejectionAsync(Orders.Hl7Inbound inbound, string kind, string reason, string? accession, string? patientId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        await Exceptions.RaiseAsync(inbound.Tenant, new ExceptionRecord
        {
            Id = ExceptionStore.IdFor(kind, inbound.MessageId),
            Kind = kind,
            Reason = reason,
            MessageId = inbound.MessageId,
            AccessionNumber = accession,
            PatientId = patientId,
            RawMessage = inbound.Raw,
            RawLength = inbound.Raw.Length,
        }, cancellationToken).ConfigureAwait(false);
        await TenantPartitionWriter.WriteTraceAsync(Context.Tables, inbound.Tenant, new TraceRecord
        {
            MessageId = inbound.MessageId,
            Kind = inbound.Message.Kind,
            MessageType = inbound.MessageType,
            ControlId = inbound.ControlId,
            CorrelationId = inbound.Message.CorrelationId,
            Outcome = TraceOutcome.Rejected,
            Detail = reason,
            Accessions = accession is null ? [] : [accession],
            At = Context.Now,
        }, cancellationToken).ConfigureAwait(false);
    }
}
