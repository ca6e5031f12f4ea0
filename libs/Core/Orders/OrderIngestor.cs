using System.Text.Json;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Reconciliation;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Trace;
using CloudRisPacs.Core.Worklist;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// Applies ORM^O01 and OMI^O23: the patient (created, or its demographics updated when the message is newer), and per
/// ORC/OBR group the order and its steps as the status table says. Round-trips in the common case: one query (the
/// patient partition), one transaction in the tenant's <c>MessageTrace</c> partition (accession claims and the trace),
/// one transaction in the patient partition (patient, orders, steps and the processed-message marker).
/// </summary>
public sealed class OrderIngestor(PipelineServices services)
{
    // Longer than a message's redeliveries take, so a claim whose order is still being stored is never taken over.
    private static readonly TimeSpan OrphanedClaimAge = TimeSpan.FromHours(6);

    public async Task<IngestionOutcome> IngestAsync(Hl7Inbound inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var message = OrderMessageReader.Read(inbound.Hl7, inbound.Policy, inbound.ArrivedAt);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var (partition, redirectedFrom) = await services.LoadPatientAsync(inbound.Policy, message.Patient.Key, cancellationToken).ConfigureAwait(false);
            var plan = Plan(inbound, message, partition, redirectedFrom);
            var awaiting = await ClaimAndTraceAsync(inbound, partition.PatientKey, plan, cancellationToken).ConfigureAwait(false);
            plan.Change.MarkerTrace = JsonSerializer.Serialize(plan.Outcome.Trace, BusContractJson.Options);
            switch (await services.Patients.CommitAsync(plan.Change, services.Context.Now, cancellationToken).ConfigureAwait(false))
            {
                case PatientCommitResult.Committed:
                    plan.Outcome.StudiesAwaitingOrder.AddRange(awaiting);
                    return plan.Outcome;
                case PatientCommitResult.Duplicate:
                    return await services.DuplicateAsync(inbound, partition, message.Orders.Select(o => o.AccessionNumber).ToArray(), message.PatientVersion,
                        cancellationToken).ConfigureAwait(false);
                default:
                    continue; // the partition changed under us: read again
            }
        }

        throw new TableConflictException($"Patient {message.Patient} kept changing while message {inbound.MessageId} was applied; retrying later.");
    }

    // An accession whose orders were all cancelled before any image carried it is free again, and so is a claim whose
    // order never came to be (its ingestion failed for good) once it is older than any ingestion still in flight could
    // be; one with a study, or with an order that is still open or was performed, stays with its patient (a collision
    // for staff to decide).
    private async Task<bool> IsReleasedAsync(TenantId tenant, string owner, AccessionEntry entry, CancellationToken cancellationToken)
    {
        if (entry.StudyUids.Count > 0 || entry.OrderKeys.Count == 0)
        {
            return false;
        }

        var partition = await services.Patients.LoadAsync(tenant, owner, cancellationToken).ConfigureAwait(false);
        var orphanedBefore = services.Context.Now - OrphanedClaimAge;
        return entry.OrderKeys.All(key => partition.Orders.TryGetValue(key, out var existing)
            ? existing.Status == "CANCELLED" && existing.LinkedStudies.Count == 0
            : (entry.ClaimedAt ?? DateTimeOffset.MinValue) < orphanedBefore);
    }

    private sealed record IngestPlan(PatientPartitionChange Change, IngestionOutcome Outcome, List<OrderRecord> NewOrders, List<OrderRecord> UidClaims);

    private IngestPlan Plan(Hl7Inbound inbound, OrderMessage message, PatientPartition partition, string? redirectedFrom)
    {
        var now = services.Context.Now;
        var details = new List<string>();
        var patient = partition.Patient;
        var steps = new Dictionary<string, StepRecord>(StringComparer.Ordinal);
        var outcomeTrace = new TraceRecord
        {
            MessageId = inbound.MessageId,
            Kind = inbound.Message.Kind,
            MessageType = inbound.MessageType,
            ControlId = inbound.ControlId,
            CorrelationId = inbound.Message.CorrelationId,
            Outcome = TraceOutcome.Applied,
            PatientKey = partition.PatientKey,
            Accessions = message.Orders.Select(o => o.AccessionNumber).Distinct(StringComparer.Ordinal).ToArray(),
            At = now,
        };
        var outcome = new IngestionOutcome(outcomeTrace);
        if (patient is null)
        {
            patient = new PatientRecord { Identity = message.Patient, Demographics = message.Demographics, Version = message.PatientVersion, UpdatedAt = now };
        }
        else if (redirectedFrom is null && VersionStamp.IsNewer(message.PatientVersion, patient.Version)
                 && PatientUpdates.Differs(patient.Demographics, message.Demographics))
        {
            patient = patient with { Demographics = PatientUpdates.Merge(patient.Demographics, message.Demographics), Version = message.PatientVersion };
            PatientUpdates.RestampSteps(partition, patient, steps, outcome);
            details.Add("patient demographics updated");
        }

        if (redirectedFrom is not null)
        {
            details.Add($"patient {PatientIdentity.FromKey(redirectedFrom)} was merged; applied to {patient.Identity}");
            outcomeTrace = outcomeTrace with { Outcome = TraceOutcome.Redirected };
        }

        var change = new PatientPartitionChange(partition, patient) { MessageId = inbound.MessageId };
        var newOrders = new List<OrderRecord>();
        var uidClaims = new List<OrderRecord>();
        var applied = 0;
        foreach (var request in message.Orders)
        {
            var existing = partition.Orders.GetValueOrDefault(request.OrderKey)
                ?? (request.PlacerOrderNumber is { } placer
                    ? partition.Orders.Values.FirstOrDefault(o => o.PlacerOrderNumber == placer && o.RequestedProcedureId == request.RequestedProcedureId)
                    : null);
            var overtaken = CancelBeforeOrder.IsOvertaken(existing, request);
            if (existing is not null && !overtaken && !VersionStamp.IsNewer(request.Version, existing.Version))
            {
                details.Add($"accession {request.AccessionNumber}: {request.OrderControl} is not newer than the stored order; ignored");
                continue;
            }

            var order = ApplyRequest(inbound, request, existing, partition, patient, steps, details, now);
            if (order is null)
            {
                continue;
            }

            if (overtaken)
            {
                order = CancelBeforeOrder.KeepCancelled(order, existing!, steps);
                details.Add($"accession {request.AccessionNumber}: {request.OrderControl} arrived after its cancel (message {existing!.LastMessageId}); " +
                            $"stored as {order.Status}, not on the worklist");
            }

            applied++;
            change.Orders.Add(order);
            // A cancelled order that comes back claims its accession again: meanwhile the accession may have gone to
            // another patient's order (see IsReleasedAsync).
            if (existing is null || existing.AccessionNumber != order.AccessionNumber || (existing.Status == "CANCELLED" && order.Status != "CANCELLED"))
            {
                newOrders.Add(order);
            }

            if ((existing is null || existing.StudyInstanceUid != order.StudyInstanceUid) && order.StudyInstanceUid.Length > 0)
            {
                uidClaims.Add(order);
            }
        }

        change.Steps.AddRange(steps.Values);
        outcome.ChangedSteps.AddRange(steps.Values);
        var finalOutcome = applied > 0 || details.Contains("patient demographics updated")
            ? outcomeTrace.Outcome
            : (details.Count > 0 ? TraceOutcome.Stale : TraceOutcome.NoChange);
        outcome.Trace = outcomeTrace with { Outcome = finalOutcome, Detail = details.Count == 0 ? null : string.Join("; ", details) };
        return new IngestPlan(change, outcome, newOrders, uidClaims);
    }

    private static OrderRecord? ApplyRequest(Hl7Inbound inbound, OrderRequest request, OrderRecord? existing, PatientPartition partition,
        PatientRecord patient, Dictionary<string, StepRecord> steps, List<string> details, DateTimeOffset now)
    {
        var action = request.Rule.Action;
        if (existing is null && CancelBeforeOrder.Withdraws(request))
        {
            details.Add($"accession {request.AccessionNumber}: {request.OrderControl} for an order that is not known yet; kept as a tombstone, " +
                        "so the order stays cancelled when it arrives");
            return CancelBeforeOrder.Tombstone(request, inbound.MessageId, now);
        }

        if (existing is null && action is not (StepAction.Schedule or StepAction.Update))
        {
            details.Add($"accession {request.AccessionNumber}: {request.OrderControl} for an order that is not known; nothing to change");
            return null;
        }

        var orderKey = existing?.OrderKey ?? request.OrderKey;
        var current = (IEnumerable<StepRecord>)partition.StepsOf(orderKey).Select(s => steps.GetValueOrDefault(s.ItemKey) ?? s).ToArray();
        if (action is StepAction.Schedule or StepAction.Update)
        {
            var known = existing?.StudyInstanceUid is { Length: > 0 } uid ? uid : null; // a tombstone knows none
            var studyUid = request.StudyInstanceUid ?? known ?? inbound.Policy.MissingStudyUid switch
            {
                MissingStudyUidPolicy.DeriveFromAccession => StudyUids.Derive(inbound.Tenant, request.AccessionNumber, request.RequestedProcedureId),
                MissingStudyUidPolicy.Generate => StudyUids.Generate(),
                _ => throw new Hl7RejectionException(
                    $"Accession '{request.AccessionNumber}': no Study Instance UID at {string.Join(", ", inbound.Policy.FieldMap.StudyInstanceUid)} " +
                    "and the tenant's policy is to reject such orders.", "101", request.AccessionNumber),
            };
            var status = request.Rule.StepStatus ?? existing?.Status ?? "SCHEDULED";
            var order = new OrderRecord
            {
                OrderKey = orderKey,
                AccessionNumber = request.AccessionNumber,
                RequestedProcedureId = request.RequestedProcedureId,
                PlacerOrderNumber = request.PlacerOrderNumber ?? existing?.PlacerOrderNumber,
                FillerOrderNumber = request.FillerOrderNumber ?? existing?.FillerOrderNumber,
                PlacerOrder = request.PlacerOrder ?? existing?.PlacerOrder,
                FillerOrder = request.FillerOrder ?? existing?.FillerOrder,
                UniversalServiceId = request.UniversalServiceId ?? existing?.UniversalServiceId,
                StudyInstanceUid = studyUid,
                Status = status,
                Version = request.Version,
                Modality = (request.Steps.Count > 0 ? request.Steps[0].Modality : null) ?? existing?.Modality,
                Description = request.RequestedProcedureDescription ?? existing?.Description,
                ScheduledStart = request.ScheduledStart ?? existing?.ScheduledStart,
                LinkedStudies = existing?.LinkedStudies ?? [],
                FirstImageAt = existing?.FirstImageAt,
                PerformedStatus = existing?.PerformedStatus,
                CompletionSentAt = existing?.CompletionSentAt,
                LastMessageId = inbound.MessageId,
                CreatedAt = existing?.CreatedAt ?? now,
                UpdatedAt = now,
            };
            var previous = current.ToDictionary(s => s.ItemKey, StringComparer.Ordinal);
            var onWorklist = order.IsOpen;
            foreach (var stepRequest in request.Steps)
            {
                var itemKey = WorklistItemFactory.ItemKey(orderKey, stepRequest.StepId);
                var version = (previous.GetValueOrDefault(itemKey)?.Version ?? 0) + 1;
                var item = WorklistItemFactory.Create(patient, order, request, stepRequest, version, status);
                steps[itemKey] = new StepRecord { OrderKey = orderKey, Item = item, OnWorklist = onWorklist, RemovalReason = onWorklist ? null : status.ToLowerInvariant() };
                previous.Remove(itemKey);
            }

            foreach (var dropped in previous.Values.Where(s => s.OnWorklist))
            {
                steps[dropped.ItemKey] = dropped with { OnWorklist = false, RemovalReason = "replaced", Item = dropped.Item with { Version = dropped.Version + 1 } };
            }

            return order;
        }

        var newStatus = request.Rule.StepStatus ?? existing!.Status;
        var keep = action == StepAction.Progress;
        foreach (var step in current)
        {
            steps[step.ItemKey] = step with
            {
                OnWorklist = keep && step.OnWorklist,
                RemovalReason = keep ? step.RemovalReason : newStatus.ToLowerInvariant(),
                Item = step.Item with { Version = step.Version + 1, Status = newStatus },
            };
        }

        return existing! with { Status = newStatus, Version = request.Version, LastMessageId = inbound.MessageId, UpdatedAt = now };
    }

    private async Task<List<(string Accession, string StudyUid)>> ClaimAndTraceAsync(Hl7Inbound inbound, string patientKey, IngestPlan plan,
        CancellationToken cancellationToken)
    {
        var tenant = inbound.Tenant;
        var claims = plan.NewOrders
            .GroupBy(o => o.AccessionNumber, StringComparer.Ordinal)
            .Select(g => AccessionIndex.ClaimOperation(tenant, g.Key, patientKey, g.Select(o => o.OrderKey).Distinct(StringComparer.Ordinal).ToArray(), services.Context.Now))
            .ToList();
        var others = plan.UidClaims.Select(o => AccessionIndex.StudyUidOperation(tenant, o.StudyInstanceUid, patientKey, o.OrderKey, o.AccessionNumber))
            .Concat(TraceIndex.Operations(tenant, plan.Outcome.Trace))
            .DistinctBy(op => op.Row.RowKey, StringComparer.Ordinal)
            .ToList();
        var awaiting = new List<(string, string)>();
        if (claims.Count + others.Count <= TenantPartitionWriter.MaxOperations)
        {
            try
            {
                await services.Context.Tables.SubmitTransactionAsync(CloudResourceNames.Tables.MessageTrace, [.. claims, .. others], cancellationToken)
                    .ConfigureAwait(false);
                return awaiting;
            }
            catch (TableConflictException ex) when (ex.OperationIndex < claims.Count)
            {
                // An accession is claimed already: decide one by one below.
            }
        }

        foreach (var order in plan.NewOrders.DistinctBy(o => o.AccessionNumber, StringComparer.Ordinal))
        {
            var entry = await services.Accessions.GetAsync(tenant, order.AccessionNumber, cancellationToken).ConfigureAwait(false);
            if (entry is null || entry.PatientKey.Length == 0 || entry.PatientKey == patientKey)
            {
                continue;
            }

            var owner = await services.Resolver.ResolveAsync(tenant, entry.PatientKey, cancellationToken).ConfigureAwait(false);
            if (owner == patientKey)
            {
                continue;
            }

            if (await IsReleasedAsync(tenant, owner, entry, cancellationToken).ConfigureAwait(false))
            {
                // The RIS's way to correct an order placed on the wrong patient: cancel it, order again on the right one.
                plan.Outcome.ReassignedAccessions.Add(order.AccessionNumber);
                await services.Audit.RecordAsync(tenant, "system", "accession.reassigned", order.AccessionNumber,
                    $"Accession {order.AccessionNumber} moved from patient {PatientIdentity.FromKey(owner)} (orders cancelled or never stored) to patient " +
                    $"{PatientIdentity.FromKey(patientKey)} (message {inbound.MessageId}).", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new Hl7RejectionException(
                    $"Accession '{order.AccessionNumber}' already belongs to patient {PatientIdentity.FromKey(entry.PatientKey)}; " +
                    $"this message orders it for patient {PatientIdentity.FromKey(patientKey)}.", "207", order.AccessionNumber)
                {
                    Kind = ExceptionKinds.AccessionCollision,
                };
            }
        }

        foreach (var order in plan.NewOrders)
        {
            var updated = await services.Accessions.UpdateAsync(tenant, order.AccessionNumber, e => e with
            {
                PatientKey = patientKey,
                ClaimedAt = services.Context.Now,
                OrderKeys = e.PatientKey == patientKey || e.PatientKey.Length == 0
                    ? e.OrderKeys.Append(order.OrderKey).Distinct(StringComparer.Ordinal).ToArray()
                    : [order.OrderKey],
            }, cancellationToken).ConfigureAwait(false);
            awaiting.AddRange(updated.StudyUids.Select(uid => (order.AccessionNumber, uid)));
        }

        await TenantPartitionWriter.WriteAsync(services.Context.Tables, CloudResourceNames.Tables.MessageTrace, others, cancellationToken).ConfigureAwait(false);
        return awaiting.Distinct().ToList();
    }
}
