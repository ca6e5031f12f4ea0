using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Reconciliation;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Trace;
using CloudRisPacs.Core.Worklist;
using CloudRisPacs.Hl7.Messages;

namespace CloudRisPacs.Core.Patients;

/// <summary>
/// Applies ADT^A40 (merge patient), and A34/A18 (merge, older versions) and A47 (change patient identifier list) which
/// carry the same PID/MRG pair: the prior patient's orders, worklist items and study links move to the survivor
/// (items re-stamped with the survivor's identity; the survivor's own items too when the PID corrects its demographics),
/// the index rows and studies follow (with the unordered studies acquired under the prior id), and the prior patient
/// becomes a pointer to the survivor. Merges chain (a survivor that was itself merged resolves to its own survivor). A merge
/// repeated is a no-op; a merge that would make a cycle (the survivor was merged into the prior) or re-merge a merged
/// patient elsewhere is rejected. A survivor not known yet (an A47's new identifier) is created from the PID; a prior not
/// known becomes a pointer all the same, so later messages naming it follow the survivor. The steps are ordered so that a crash anywhere is finished by the redelivery: copy,
/// indexes, studies, then the pointer, then the marker.
/// </summary>
public sealed class MergeProcessor(PipelineServices services)
{
    public async Task<IngestionOutcome> IngestAsync(Hl7Inbound inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var adt = new AdtMessage(inbound.Hl7);
        var pairs = adt.MergePairs;
        var trigger = adt.TriggerEvent;
        if (pairs.Count == 0)
        {
            throw new Hl7RejectionException($"The {trigger} message has no PID/MRG pair.", "100");
        }

        var evn = adt.Evn;
        var version = VersionStamp.For(evn?.EventOccurred ?? evn?.RecordedDateTime, adt.Msh.DateTimeOfMessage, inbound.ArrivedAt, inbound.Policy.Clock);
        var outcome = new IngestionOutcome(new TraceRecord
        {
            MessageId = inbound.MessageId, Kind = inbound.Message.Kind, MessageType = inbound.MessageType, ControlId = inbound.ControlId,
            CorrelationId = inbound.Message.CorrelationId, Outcome = TraceOutcome.Applied, At = services.Context.Now,
        });
        var details = new List<string>();
        string? lastSurvivor = null;
        foreach (var pair in pairs)
        {
            var survivor = Hl7PatientReader.Identity(pair.Pid.PatientIdentifiers, inbound.Policy.PatientIdAuthority)
                ?? throw new Hl7RejectionException($"{trigger}: PID-3 holds no usable surviving patient identifier.", "101");
            var prior = Hl7PatientReader.Identity(pair.Mrg.PriorPatientIdentifiers, inbound.Policy.PatientIdAuthority)
                ?? throw new Hl7RejectionException($"{trigger}: MRG-1 holds no usable prior patient identifier.", "101");
            if (survivor.Key == prior.Key)
            {
                throw new Hl7RejectionException($"{trigger} merges patient {prior} into itself.", "207");
            }

            lastSurvivor = await MergeAsync(inbound, trigger, survivor, Hl7PatientReader.Demographics(pair.Pid), prior, version, outcome, details, cancellationToken)
                .ConfigureAwait(false);
        }

        outcome.Trace = outcome.Trace with { PatientKey = lastSurvivor, Detail = string.Join("; ", details) };
        await TenantPartitionWriter.WriteTraceAsync(services.Context.Tables, inbound.Tenant, outcome.Trace, cancellationToken).ConfigureAwait(false);
        await WriteMarkerAsync(inbound, lastSurvivor!, outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<string> MergeAsync(Hl7Inbound inbound, string trigger, PatientIdentity survivorId, PatientDemographics survivorDemographics, PatientIdentity priorId,
        string version, IngestionOutcome outcome, List<string> details, CancellationToken cancellationToken)
    {
        var tenant = inbound.Tenant;
        var survivorKey = await services.Resolver.ResolveAsync(tenant, survivorId.Key, cancellationToken).ConfigureAwait(false);
        if (survivorKey == priorId.Key)
        {
            throw new Hl7RejectionException($"{trigger} would merge {priorId} into {survivorId}, but {survivorId} was merged into {priorId} before: a circular merge.", "207");
        }

        var survivorCorrected = false;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var prior = await services.Patients.LoadAsync(tenant, priorId.Key, cancellationToken).ConfigureAwait(false);
            if (prior.Patient?.MergedInto is { } already)
            {
                var resolved = await services.Resolver.ResolveAsync(tenant, priorId.Key, cancellationToken).ConfigureAwait(false);
                if (resolved != survivorKey)
                {
                    throw new Hl7RejectionException($"{trigger}: patient {priorId} was already merged into {PatientIdentity.FromKey(already)}, not {survivorId}.", "207");
                }

                details.Add($"{priorId} was already merged into {PatientIdentity.FromKey(survivorKey)}");
                var done = await services.Patients.LoadAsync(tenant, survivorKey, cancellationToken).ConfigureAwait(false);
                outcome.ChangedSteps.AddRange(done.Steps.Values);
                return survivorKey;
            }

            var target = await services.Patients.LoadAsync(tenant, survivorKey, cancellationToken).ConfigureAwait(false);
            var now = services.Context.Now;
            var survivorPatient = target.Patient
                ?? new PatientRecord { Identity = survivorKey == survivorId.Key ? survivorId : PatientIdentity.FromKey(survivorKey), Demographics = survivorDemographics, Version = version };
            var correctsSurvivor = target.Patient is not null && survivorKey == survivorId.Key && VersionStamp.IsNewer(version, survivorPatient.Version)
                && PatientUpdates.Differs(survivorPatient.Demographics, survivorDemographics);
            if (correctsSurvivor)
            {
                survivorPatient = survivorPatient with { Demographics = PatientUpdates.Merge(survivorPatient.Demographics, survivorDemographics), Version = version };
            }

            // 1. Copy the prior patient's rows into the survivor's partition, items re-stamped with the survivor. The
            // survivor's own items are re-stamped too when the merge corrects its demographics, and published even when
            // an earlier attempt (whose pointer write lost a race) committed that re-stamp.
            survivorCorrected |= correctsSurvivor;
            var copy = new PatientPartitionChange(target, survivorPatient);
            copy.Orders.AddRange(prior.Orders.Values.Select(o => o with { UpdatedAt = now }));
            var moved = Restamped(prior.Steps.Values, survivorPatient);
            List<StepRecord> own = survivorCorrected ? target.Steps.Values.Where(s => !prior.Steps.ContainsKey(s.ItemKey)).ToList() : [];
            if (correctsSurvivor)
            {
                own = Restamped(own, survivorPatient);
                copy.Steps.AddRange(own);
            }

            copy.Steps.AddRange(moved);
            copy.AddedStudyLinks.AddRange(prior.StudyLinks);
            if (await services.Patients.CommitAsync(copy, now, cancellationToken).ConfigureAwait(false) != PatientCommitResult.Committed)
            {
                continue;
            }

            // 2. Index rows: the accessions and study UIDs of the moved orders now point to the survivor.
            foreach (var order in prior.Orders.Values)
            {
                await services.Accessions.UpdateAsync(tenant, order.AccessionNumber, e => e with { PatientKey = survivorKey }, cancellationToken).ConfigureAwait(false);
                await services.Context.Tables.SubmitTransactionAsync(CloudResourceNames.Tables.MessageTrace,
                    [AccessionIndex.StudyUidOperation(tenant, order.StudyInstanceUid, survivorKey, order.OrderKey, order.AccessionNumber)], cancellationToken)
                    .ConfigureAwait(false);
            }

            // 3. Studies of both patients carry the survivor's identity now; each change is a correction record. Images
            // acquired under the prior id without an order (trauma) are linked to no order: found by their Patient ID.
            var unordered = new List<string>();
            await foreach (var study in services.Studies.ListUnmatchedStudiesOfAsync(tenant, priorId, cancellationToken).ConfigureAwait(false))
            {
                unordered.Add(study);
            }

            foreach (var study in prior.StudyLinks.Concat(target.StudyLinks).Concat(unordered).Distinct(StringComparer.Ordinal))
            {
                await services.StudyPatients.PropagateAsync(tenant, study, survivorKey, survivorPatient, "merge", inbound.MessageId, cancellationToken)
                    .ConfigureAwait(false);
            }

            // 4. The prior patient becomes a pointer; its moved rows go.
            var pointer = new PatientPartitionChange(prior, (prior.Patient ?? new PatientRecord { Identity = priorId, Version = version }) with { MergedInto = survivorKey });
            pointer.Deletions.AddRange(prior.Orders.Keys.Select(PipelineKeys.Order));
            pointer.Deletions.AddRange(prior.Steps.Keys.Select(PipelineKeys.Step));
            pointer.Deletions.AddRange(prior.StudyLinks.Select(PipelineKeys.StudyLink));
            if (await services.Patients.CommitAsync(pointer, now, cancellationToken).ConfigureAwait(false) != PatientCommitResult.Committed)
            {
                continue;
            }

            outcome.ChangedSteps.AddRange(moved);
            outcome.ChangedSteps.AddRange(own);
            details.Add($"{priorId} merged into {survivorPatient.Identity}: {prior.Orders.Count} orders, {moved.Count} steps, {prior.StudyLinks.Count} studies moved" +
                (unordered.Count > 0 ? $", {unordered.Count} unordered studies of {priorId} moved" : string.Empty));
            return survivorKey;
        }

        throw new TableConflictException($"Patients {priorId} and {survivorId} kept changing during the merge; retrying later.");
    }

    private static List<StepRecord> Restamped(IEnumerable<StepRecord> steps, PatientRecord survivor) =>
        steps.Select(s => s with { Item = WorklistItemFactory.WithPatient(s.Item, survivor) }).ToList();

    private async Task WriteMarkerAsync(Hl7Inbound inbound, string survivorKey, IngestionOutcome outcome, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var partition = await services.Patients.LoadAsync(inbound.Tenant, survivorKey, cancellationToken).ConfigureAwait(false);
            if (partition.Patient is null)
            {
                return;
            }

            var change = new PatientPartitionChange(partition, partition.Patient)
            {
                MessageId = inbound.MessageId,
                MarkerTrace = JsonSerializer.Serialize(outcome.Trace, BusContractJson.Options),
            };
            var result = await services.Patients.CommitAsync(change, services.Context.Now, cancellationToken).ConfigureAwait(false);
            if (result == PatientCommitResult.Duplicate)
            {
                outcome.WasDuplicate = true;
            }

            if (result != PatientCommitResult.Conflict)
            {
                return;
            }
        }
    }
}
