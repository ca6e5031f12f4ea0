using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Reconciliation;

/// <summary>
/// Matches a study with its order(s) by the tenant's <see cref="MatchingKey"/>, checks the patient, and links them
/// (order rows get the study, the study row gets the orders and the cloud patient's identity). One study can satisfy
/// several orders (all accessions of its Request Attributes Sequence). Problems become exceptions: patient mismatch,
/// accession collision (the order is already reconciled with another study), images for an order the RIS cancelled or
/// discontinued (not linked, so never reported complete); a study without orders stays
/// <see cref="StudyStates.Unmatched"/> until an order arrives or the watchdog raises it.
/// </summary>
public sealed class Reconciler(
    AccessionIndex accessions,
    StudyStore studies,
    PatientPartitionStore patients,
    PatientResolver resolver,
    StudyPatientUpdater studyPatients,
    ExceptionStore exceptions,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>Called after a study got linked to orders (completion check, SR reports).</summary>
    public Func<TenantId, string, CancellationToken, Task>? Reconciled { get; set; }

    public async Task<ReconciliationResult> ReconcileAsync(TenantPolicy policy, string studyUid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var tenant = policy.Tenant;
        var (study, _) = await studies.GetStudyAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false);
        if (study is null)
        {
            return new ReconciliationResult(StudyStates.Unmatched, [], [$"Study {studyUid} is not indexed."]);
        }

        var candidates = await FindCandidatesAsync(policy, study, cancellationToken).ConfigureAwait(false);
        var linked = new List<OrderLink>();
        var problems = new List<string>();
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var state = StudyStates.Unmatched;
        PatientRecord? owner = null;
        string? ownerKey = null;
        foreach (var candidate in candidates)
        {
            var patientKey = await resolver.ResolveAsync(tenant, candidate.PatientKey, cancellationToken).ConfigureAwait(false);
            var partition = await patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
            if (partition.Patient is null || !partition.Orders.TryGetValue(candidate.OrderKey, out var order))
            {
                continue; // a claim whose order was never stored (its message was rejected later)
            }

            if (order.LinkedStudies.Any(uid => uid != studyUid))
            {
                var other = order.LinkedStudies.First(uid => uid != studyUid);
                var reason = $"Accession '{order.AccessionNumber}' is already reconciled with study {other}; study {studyUid} claims it too.";
                problems.Add(reason);
                state = StudyStates.AccessionCollision;
                rejected.Add(order.OrderKey);
                await exceptions.RaiseUnlessResolvedSinceAsync(tenant, new ExceptionRecord
                {
                    Id = ExceptionStore.IdFor(ExceptionKinds.AccessionCollision, $"{order.AccessionNumber}|{studyUid}"),
                    Kind = ExceptionKinds.AccessionCollision,
                    Reason = reason,
                    AccessionNumber = order.AccessionNumber,
                    StudyInstanceUid = studyUid,
                    PatientId = partition.Patient.Identity.Id,
                    OrderKey = order.OrderKey,
                }, Changed(study, order), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!await PatientMatchesAsync(tenant, study, partition, cancellationToken).ConfigureAwait(false))
            {
                if (policy.MatchingKey == MatchingKey.AccessionAndPatientId)
                {
                    continue; // the patient is part of the key: this order is simply not the study's
                }

                var reason = $"Study {studyUid} has patient '{study.PatientId}' ({study.PatientName}) but order accession " +
                             $"'{order.AccessionNumber}' belongs to patient {partition.Patient.Identity} ({partition.Patient.Demographics.Name}).";
                problems.Add(reason);
                state = StudyStates.PatientMismatch;
                rejected.Add(order.OrderKey);
                await exceptions.RaiseUnlessResolvedSinceAsync(tenant, new ExceptionRecord
                {
                    Id = ExceptionStore.IdFor(ExceptionKinds.PatientMismatch, $"{order.AccessionNumber}|{studyUid}"),
                    Kind = ExceptionKinds.PatientMismatch,
                    Reason = reason,
                    AccessionNumber = order.AccessionNumber,
                    StudyInstanceUid = studyUid,
                    PatientId = study.PatientId,
                    OrderKey = order.OrderKey,
                }, Changed(study, order), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (order.IsWithdrawn)
            {
                var raised = await exceptions.RaiseUnlessResolvedSinceAsync(tenant, CancelledOrderImages.Exception(order, studyUid, study.PatientId),
                    Changed(study, order), cancellationToken).ConfigureAwait(false);
                problems.Add(raised.Reason);
                state = StudyStates.CancelledOrder;
                rejected.Add(order.OrderKey);
                continue;
            }

            await LinkOrderAsync(tenant, patientKey, order.OrderKey, study, cancellationToken).ConfigureAwait(false);
            linked.Add(new OrderLink(patientKey, order.OrderKey, order.AccessionNumber));
            owner = partition.Patient;
            ownerKey = patientKey;
        }

        // Decided on the fresh row: another host may have linked an order this run never saw (it arrived after the
        // accession was read); that link stands, whatever this run found.
        var updated = await studies.UpdateStudyAsync(tenant, studyUid, s =>
        {
            var links = s.LinkedOrders.Concat(linked).DistinctBy(l => (l.PatientKey, l.OrderKey)).ToArray();
            return s with
            {
                State = linked.Count > 0 || links.Any(l => !rejected.Contains(l.OrderKey)) ? StudyStates.Reconciled : state,
                LinkedOrders = links,
            };
        }, cancellationToken).ConfigureAwait(false);
        state = updated?.State ?? state;

        if (owner is not null && ownerKey is not null)
        {
            await studyPatients.PropagateAsync(tenant, studyUid, ownerKey, owner, "reconciliation", $"reconcile-{studyUid}", cancellationToken).ConfigureAwait(false);
            await SettleLinkedAsync(tenant, studyUid, linked, "system",
                "Reconciled automatically with " + string.Join(", ", linked.Select(l => $"accession {l.AccessionNumber}")), cancellationToken).ConfigureAwait(false);
            if (Reconciled is { } callback)
            {
                await callback(tenant, studyUid, cancellationToken).ConfigureAwait(false);
            }
        }

        return new ReconciliationResult(state, linked, problems);
    }

    /// <summary>
    /// A person links a study to the order(s) of an accession (exception resolution): no patient check, recorded in
    /// the audit trail with the actor; the study's open exceptions are resolved.
    /// </summary>
    public async Task<ReconciliationResult> LinkManuallyAsync(TenantPolicy policy, string studyUid, string accession, string actor, string note,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var tenant = policy.Tenant;
        var (study, _) = await studies.GetStudyAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false)
            ;
        if (study is null)
        {
            throw new KeyNotFoundException($"Study {studyUid} is not indexed.");
        }

        var entry = await accessions.GetAsync(tenant, accession, cancellationToken).ConfigureAwait(false);
        if (entry is null || !entry.HasOrders)
        {
            throw new KeyNotFoundException($"No order has accession '{accession}'.");
        }

        var patientKey = await resolver.ResolveAsync(tenant, entry.PatientKey, cancellationToken).ConfigureAwait(false);
        var partition = await patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
        var linked = new List<OrderLink>();
        foreach (var orderKey in entry.OrderKeys.Where(partition.Orders.ContainsKey))
        {
            await LinkOrderAsync(tenant, patientKey, orderKey, study, cancellationToken).ConfigureAwait(false);
            linked.Add(new OrderLink(patientKey, orderKey, accession));
        }

        if (linked.Count == 0)
        {
            throw new KeyNotFoundException($"The orders of accession '{accession}' no longer exist.");
        }

        await accessions.UpdateAsync(tenant, accession, e => e with { StudyUids = e.StudyUids.Append(studyUid).Distinct(StringComparer.Ordinal).ToArray() },
            cancellationToken).ConfigureAwait(false);
        await studies.UpdateStudyAsync(tenant, studyUid, s => s with
        {
            State = StudyStates.Reconciled,
            LinkedOrders = s.LinkedOrders.Concat(linked).DistinctBy(l => (l.PatientKey, l.OrderKey)).ToArray(),
            AccessionNumbers = s.AccessionNumbers.Append(accession).Distinct(StringComparer.Ordinal).ToArray(),
        }, cancellationToken).ConfigureAwait(false);
        await studyPatients.PropagateAsync(tenant, studyUid, patientKey, partition.Patient!, "manual-link", $"link-{studyUid}-{accession}", cancellationToken)
            .ConfigureAwait(false);
        await audit.RecordAsync(tenant, actor, "study.linked", studyUid, $"Linked to accession {accession}. {note}", cancellationToken).ConfigureAwait(false);
        var resolution = $"Study linked to accession {accession} by {actor}. {note}";
        await SettleLinkedAsync(tenant, studyUid, linked, actor, resolution, cancellationToken).ConfigureAwait(false);
        await SettleOtherMismatchesAsync(tenant, studyUid, actor, resolution, cancellationToken).ConfigureAwait(false);
        if (Reconciled is { } callback)
        {
            await callback(tenant, studyUid, cancellationToken).ConfigureAwait(false);
        }

        return new ReconciliationResult(StudyStates.Reconciled, linked, []);
    }

    private async Task<List<(string PatientKey, string OrderKey)>> FindCandidatesAsync(TenantPolicy policy, StudyRecord study, CancellationToken cancellationToken)
    {
        var tenant = policy.Tenant;
        var candidates = new List<(string, string)>();
        if (policy.MatchingKey == MatchingKey.StudyInstanceUid)
        {
            var found = await accessions.FindByStudyUidAsync(tenant, study.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
            candidates.AddRange(found.Select(order => (order.PatientKey, order.OrderKey)));
            return candidates;
        }

        foreach (var accession in study.AccessionNumbers)
        {
            var entry = await accessions.UpdateAsync(tenant, accession, e => e.StudyUids.Contains(study.StudyInstanceUid, StringComparer.Ordinal)
                ? e
                : e with { StudyUids = e.StudyUids.Append(study.StudyInstanceUid).ToArray() }, cancellationToken).ConfigureAwait(false);
            if (entry.HasOrders)
            {
                candidates.AddRange(entry.OrderKeys.Select(orderKey => (entry.PatientKey, orderKey)));
            }
        }

        if (candidates.Count == 0)
        {
            // No accession, or none the RIS ordered: the modality kept the worklist item's Study Instance UID but not
            // its accession (MPPS finds the orders the same way). The patient is still checked like any candidate's.
            var scheduled = await accessions.FindByStudyUidAsync(tenant, study.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
            candidates.AddRange(scheduled.Select(order => (order.PatientKey, order.OrderKey)));
        }

        return candidates;
    }

    // What a problem found again is about: a person's resolution stands until the study gets an image or the order
    // changes after it.
    private static DateTimeOffset Changed(StudyRecord study, OrderRecord order) =>
        study.LastInstanceAt > order.UpdatedAt ? study.LastInstanceAt : order.UpdatedAt;

    private async Task<bool> PatientMatchesAsync(TenantId tenant, StudyRecord study, PatientPartition partition, CancellationToken cancellationToken)
    {
        var patient = partition.Patient!;
        if (string.IsNullOrEmpty(study.PatientId))
        {
            return false;
        }

        if (string.Equals(study.PatientId, patient.Identity.Id, StringComparison.Ordinal)
            && (string.IsNullOrEmpty(study.IssuerOfPatientId) || patient.Identity.Issuer.Length == 0
                || string.Equals(study.IssuerOfPatientId, patient.Identity.Issuer, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // Acquired under an id that was merged into this patient since: the same person.
        var studyPatient = new PatientIdentity(study.PatientId, study.IssuerOfPatientId ?? patient.Identity.Issuer);
        var resolved = await resolver.ResolveAsync(tenant, studyPatient.Key, cancellationToken).ConfigureAwait(false);
        return resolved == partition.PatientKey;
    }

    private async Task LinkOrderAsync(TenantId tenant, string patientKey, string orderKey, StudyRecord study, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var partition = await patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
            if (partition.Patient is null || !partition.Orders.TryGetValue(orderKey, out var order))
            {
                return;
            }

            if (order.LinkedStudies.Contains(study.StudyInstanceUid, StringComparer.Ordinal) && partition.StudyLinks.Contains(study.StudyInstanceUid))
            {
                return;
            }

            var change = new PatientPartitionChange(partition, partition.Patient);
            change.Orders.Add(order with
            {
                LinkedStudies = order.LinkedStudies.Append(study.StudyInstanceUid).Distinct(StringComparer.Ordinal).ToArray(),
                FirstImageAt = order.FirstImageAt ?? study.FirstInstanceAt,
                UpdatedAt = time.GetUtcNow(),
            });
            change.AddedStudyLinks.Add(study.StudyInstanceUid);
            if (await patients.CommitAsync(change, time.GetUtcNow(), cancellationToken).ConfigureAwait(false) == PatientCommitResult.Committed)
            {
                return;
            }
        }

        throw new Storage.TableConflictException($"Patient {patientKey} kept changing while linking study {study.StudyInstanceUid}.");
    }

    // A link settles what was said about that link only: the study being unmatched; the patient mismatch, cancelled
    // order and order-after-images of the linked accession; the linked order being without images. The patient
    // mismatch of another accession the study names (a request for another patient) stays open: the study is linked,
    // but that accession is still not this patient's.
    private async Task SettleLinkedAsync(TenantId tenant, string studyUid, IReadOnlyCollection<OrderLink> links, string actor, string resolution,
        CancellationToken cancellationToken)
    {
        var ids = links.Select(l => l.AccessionNumber).Distinct(StringComparer.Ordinal)
            .SelectMany(accession => new[]
            {
                ExceptionStore.IdFor(ExceptionKinds.PatientMismatch, $"{accession}|{studyUid}"),
                ExceptionStore.IdFor(ExceptionKinds.CancelledOrderImages, $"{accession}|{studyUid}"),
                ExceptionStore.IdFor(ExceptionKinds.OrderAfterImages, $"{accession}|{studyUid}"),
            })
            .Concat(links.Select(l => ExceptionStore.IdFor(ExceptionKinds.OrderWithoutImages, l.OrderKey)))
            .Prepend(ExceptionStore.IdFor(ExceptionKinds.UnmatchedStudy, studyUid))
            .Distinct(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            await exceptions.ResolveAsync(tenant, id, actor, resolution, cancellationToken).ConfigureAwait(false);
        }
    }

    // A person who links the study has judged the study as a whole, its other accessions' patient mismatches included.
    private async Task SettleOtherMismatchesAsync(TenantId tenant, string studyUid, string actor, string resolution, CancellationToken cancellationToken)
    {
        var open = await exceptions.ListAsync(tenant, ExceptionStatus.Open, ExceptionKinds.PatientMismatch, 1000, cancellationToken).ConfigureAwait(false);
        foreach (var exception in open.Where(e => e.StudyInstanceUid == studyUid))
        {
            await exceptions.ResolveAsync(tenant, exception.Id, actor, resolution, cancellationToken).ConfigureAwait(false);
        }
    }
}
