using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Trace;
using CloudRisPacs.Hl7.Messages;
using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// Applies ADT A01, A04, A08 and A31: creates the patient or updates its demographics when the message's
/// <see cref="VersionStamp"/> is newer than the stored one (an older, late update is recorded and ignored). A change
/// re-stamps the patient's worklist items and is propagated to its studies with a correction record. A message naming a
/// merged-away patient is traced as redirected to the survivor but changes no demographics: it describes the patient
/// that was merged away, and may have been sent (or applied, then redelivered) before the merge.
/// </summary>
public sealed class AdtIngestor(PipelineServices services)
{
    public async Task<IngestionOutcome> IngestAsync(Hl7Inbound inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var adt = new AdtMessage(inbound.Hl7);
        var pid = adt.Pid ?? throw new Hl7RejectionException("The ADT message has no PID segment.", "100");
        var identity = Hl7PatientReader.Identity(pid.PatientIdentifiers, inbound.Policy.PatientIdAuthority)
            ?? throw new Hl7RejectionException("PID-3 holds no usable patient identifier.", "101");
        var demographics = Hl7PatientReader.Demographics(pid);
        var evn = adt.Evn;
        var version = VersionStamp.For(evn?.EventOccurred ?? evn?.RecordedDateTime, adt.Msh.DateTimeOfMessage, inbound.ArrivedAt, inbound.Policy.Clock);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var (partition, redirectedFrom) = await services.LoadPatientAsync(inbound.Policy, identity.Key, cancellationToken).ConfigureAwait(false);
            if (redirectedFrom is not null
                && await services.Patients.GetMarkerTraceAsync(inbound.Tenant, redirectedFrom, inbound.MessageId, cancellationToken).ConfigureAwait(false) is not null)
            {
                // Applied to the patient before it was merged away (its publish failed): the marker is in the prior's
                // partition, not the survivor's, and applying it again would put the prior's demographics on the survivor.
                return await services.DuplicateAsync(inbound, new PatientPartition(inbound.Tenant, redirectedFrom), [], version, cancellationToken)
                    .ConfigureAwait(false);
            }

            var now = services.Context.Now;
            var trace = new TraceRecord
            {
                MessageId = inbound.MessageId, Kind = inbound.Message.Kind, MessageType = inbound.MessageType, ControlId = inbound.ControlId,
                CorrelationId = inbound.Message.CorrelationId, Outcome = TraceOutcome.Applied, PatientKey = partition.PatientKey, At = now,
            };
            var outcome = new IngestionOutcome(trace);
            var steps = new Dictionary<string, Orders.StepRecord>(StringComparer.Ordinal);
            var patient = partition.Patient;
            string detail;
            if (patient is null)
            {
                patient = new PatientRecord { Identity = identity, Demographics = demographics, Version = version, UpdatedAt = now };
                detail = "patient created";
            }
            else if (redirectedFrom is not null)
            {
                // These are the merged-away patient's demographics, possibly sent before the merge: versions cannot
                // tell, as a merge whose PID changes nothing keeps the survivor's version. The survivor's come from
                // messages naming the survivor.
                detail = "its demographics are not applied to the survivor";
            }
            else if (!VersionStamp.IsNewer(version, patient.Version))
            {
                trace = trace with { Outcome = TraceOutcome.Stale };
                detail = "older than the stored demographics; ignored";
            }
            else if (PatientUpdates.Differs(patient.Demographics, demographics))
            {
                patient = patient with { Demographics = PatientUpdates.Merge(patient.Demographics, demographics), Version = version };
                PatientUpdates.RestampSteps(partition, patient, steps, outcome);
                detail = "demographics updated";
            }
            else
            {
                patient = patient with { Version = version };
                trace = trace with { Outcome = TraceOutcome.NoChange };
                detail = "no demographic change";
            }

            if (redirectedFrom is not null)
            {
                detail = $"patient {PatientIdentity.FromKey(redirectedFrom)} was merged into {patient.Identity}; {detail}";
                trace = trace with { Outcome = trace.Outcome == TraceOutcome.Applied ? TraceOutcome.Redirected : trace.Outcome };
            }

            outcome.Trace = trace with { Detail = detail };
            var change = new PatientPartitionChange(partition, patient)
            {
                MessageId = inbound.MessageId,
                MarkerTrace = JsonSerializer.Serialize(outcome.Trace, BusContractJson.Options),
            };
            change.Steps.AddRange(steps.Values);
            outcome.ChangedSteps.AddRange(steps.Values);
            await TenantPartitionWriter.WriteTraceAsync(services.Context.Tables, inbound.Tenant, outcome.Trace, cancellationToken).ConfigureAwait(false);
            switch (await services.Patients.CommitAsync(change, now, cancellationToken).ConfigureAwait(false))
            {
                case PatientCommitResult.Committed:
                    return outcome;
                case PatientCommitResult.Duplicate:
                    return await services.DuplicateAsync(inbound, partition, [], version, cancellationToken).ConfigureAwait(false);
                default:
                    continue;
            }
        }

        throw new TableConflictException($"Patient {identity} kept changing while message {inbound.MessageId} was applied; retrying later.");
    }
}
