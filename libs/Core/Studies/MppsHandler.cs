using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Trace;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// Handles <see cref="BusMessageKinds.DicomMpps"/>: the performed status goes to the orders (and, IN PROGRESS or
/// DISCONTINUED, to the RIS as ORC-5 IP or DC) (found by the step's
/// accessions and by its scheduled Study Instance UIDs, each order once), to the steps of theirs that it names
/// (<see cref="PerformedStepSelection"/>), and to the studies it names. IN PROGRESS marks those steps STARTED on the
/// worklist; COMPLETED takes them off the worklist and, once no order of the study has steps left, sends the
/// "examination complete" status to the RIS for a reconciled study; DISCONTINUED puts them back to SCHEDULED (to be done
/// again). Only steps still on the worklist change, and a completed study stays completed, so a late IN PROGRESS never
/// undoes COMPLETED (<see cref="StudyPerformedStatus"/>); a COMPLETED
/// delivered again publishes the removal of its steps again, as they are, since the first delivery may have stored them
/// and then failed to publish (the edge ignores a removal it has applied: same item version).
/// </summary>
public sealed class MppsHandler(PipelineServices services, ResultsService results, ProcessedMessageLog processed) : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var tenant = delivery.Tenant;
        if (await processed.WasHandledAsync(tenant, message.MessageId, cancellationToken).ConfigureAwait(false))
        {
            return BusHandlingResult.Complete;
        }

        var mpps = BusContractJson.Deserialize<MppsEvent>(message);
        var status = mpps.Status.Trim().ToUpperInvariant();
        if (status is not ("IN PROGRESS" or "COMPLETED" or "DISCONTINUED"))
        {
            throw new BusDeadLetterException(BusDeadLetterReasons.MalformedBody, $"MPPS status '{mpps.Status}' is not IN PROGRESS, COMPLETED or DISCONTINUED.");
        }

        var applied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var accession in mpps.AccessionNumbers.Distinct(StringComparer.Ordinal))
        {
            var entry = await services.Accessions.GetAsync(tenant, accession, cancellationToken).ConfigureAwait(false);
            if (entry is not null && entry.HasOrders)
            {
                var references = PerformedStepSelection.ReferencesToAccession(mpps, accession);
                await ApplyToOrdersAsync(message, delivery, mpps, accession, entry.PatientKey, entry.OrderKeys, status, references, cancellationToken).ConfigureAwait(false);
                applied.Add(accession);
            }
        }

        // Some modalities leave the accession out of the step (or send one the RIS never ordered) but keep the worklist
        // item's Study Instance UID: the orders that scheduled that study are the ones performed. An item whose accession
        // was found speaks for that accession only; another order of the same study is not its business.
        foreach (var studyUid in mpps.StudyInstanceUids.Distinct(StringComparer.Ordinal))
        {
            if (PerformedStepSelection.ReferencesToStudy(mpps, studyUid, applied) is not { } unresolved)
            {
                continue;
            }

            var scheduled = await services.Accessions.FindByStudyUidAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false);
            foreach (var orders in scheduled.GroupBy(o => (o.Accession, o.PatientKey)))
            {
                if (applied.Add(orders.Key.Accession))
                {
                    await ApplyToOrdersAsync(message, delivery, mpps, orders.Key.Accession, orders.Key.PatientKey, orders.Select(o => o.OrderKey).ToList(), status,
                        unresolved, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        foreach (var studyUid in mpps.StudyInstanceUids.Distinct(StringComparer.Ordinal))
        {
            // The CT's step done and the MR's still to do: the RIS hears "examination complete" after the last one.
            var studyStatus = status == "COMPLETED" && await StepsLeftAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false) ? "IN PROGRESS" : status;
            var study = await services.Studies.UpdateStudyAsync(tenant, studyUid, s => s with { PerformedStatus = StudyPerformedStatus.Next(s.PerformedStatus, studyStatus) },
                cancellationToken).ConfigureAwait(false);
            if (study is not null && studyStatus == "COMPLETED" && study.State == StudyStates.Reconciled)
            {
                await results.SendCompletionAsync(tenant, study, "mpps", cancellationToken).ConfigureAwait(false);
            }
        }

        await TenantPartitionWriter.WriteTraceAsync(services.Context.Tables, tenant, new TraceRecord
        {
            MessageId = message.MessageId, Kind = message.Kind, CorrelationId = message.CorrelationId, Outcome = TraceOutcome.Applied,
            Detail = $"MPPS {mpps.MppsInstanceUid} {mpps.Operation} {status}", Accessions = mpps.AccessionNumbers,
            StudyInstanceUid = (mpps.StudyInstanceUids.Count > 0 ? mpps.StudyInstanceUids[0] : null), At = services.Context.Now,
        }, cancellationToken).ConfigureAwait(false);
        await processed.MarkHandledAsync(tenant, message.MessageId, message.Kind, status, cancellationToken).ConfigureAwait(false);
        return BusHandlingResult.Complete;
    }

    private async Task ApplyToOrdersAsync(BusMessage message, BusDelivery delivery, MppsEvent mpps, string accession, string indexedPatientKey,
        IReadOnlyList<string> orderKeys, string status, IReadOnlyList<MppsScheduledStep> references, CancellationToken cancellationToken)
    {
        var tenant = delivery.Tenant;
        var patientKey = await services.Resolver.ResolveAsync(tenant, indexedPatientKey, cancellationToken).ConfigureAwait(false);
        var (changedSteps, reported) = await UpdateOrdersAsync(tenant, patientKey, orderKeys, status, references, delivery.DeliveryCount > 1, cancellationToken)
            .ConfigureAwait(false);
        await services.Worklist.PublishAsync(tenant, $"{message.MessageId}-{Pipeline.KeyPart.Encode(accession)}", BusSessionKey.For(tenant, patientKey),
            changedSteps, message.CorrelationId, cancellationToken).ConfigureAwait(false);
        foreach (var order in reported)
        {
            await results.SendPerformedStatusAsync(tenant, patientKey, order, mpps.MppsInstanceUid, mpps.StudyInstanceUids.Count > 0 ? mpps.StudyInstanceUids[0] : null,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies the status to the orders' steps it names; returns the steps changed (for the edge) and, for an IN PROGRESS
    /// or DISCONTINUED, the orders the RIS has not heard it of: their status changed, or this delivery repeats one that
    /// may have failed before telling the RIS.
    /// </summary>
    private async Task<(IReadOnlyList<Orders.StepRecord> Steps, IReadOnlyList<Orders.OrderRecord> Reported)> UpdateOrdersAsync(TenantId tenant, string patientKey,
        IReadOnlyList<string> orderKeys, string status, IReadOnlyList<MppsScheduledStep> references, bool redelivered, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var partition = await services.Patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
            if (partition.Patient is null)
            {
                return ([], []);
            }

            // Only steps still on the worklist change, so a late IN PROGRESS never undoes COMPLETED.
            var steps = orderKeys.Where(partition.Orders.ContainsKey).SelectMany(partition.StepsOf).ToList();
            var selected = PerformedStepSelection.Select(steps, references).ToList();
            var performed = selected.Where(s => s.OnWorklist).ToList();
            // Taken off by an earlier delivery whose publish may have failed: the edge may still offer them.
            var removedBefore = status == "COMPLETED" ? selected.Where(s => !s.OnWorklist && s.RemovalReason == "performed").ToList() : [];
            var candidates = steps.Where(s => s.OnWorklist).ToList();
            var change = new PatientPartitionChange(partition, partition.Patient);
            foreach (var step in performed)
            {
                change.Steps.Add(status switch
                {
                    "IN PROGRESS" => step with { Item = step.Item with { Status = "STARTED", Version = step.Version + 1 } },
                    "COMPLETED" => step with { OnWorklist = false, RemovalReason = "performed", Item = step.Item with { Status = "COMPLETED", Version = step.Version + 1 } },
                    _ => step with { Item = step.Item with { Status = "SCHEDULED", Version = step.Version + 1 } },
                });
            }

            foreach (var orderKey in performed.Select(s => s.OrderKey).Distinct(StringComparer.Ordinal))
            {
                // An order whose other steps are still to be done is in progress, not complete.
                var othersLeft = candidates.Any(s => s.OrderKey == orderKey && !performed.Contains(s));
                var orderStatus = status == "COMPLETED" && othersLeft ? "IN PROGRESS" : status;
                change.Orders.Add(partition.Orders[orderKey] with { PerformedStatus = orderStatus, UpdatedAt = services.Context.Now });
            }

            if (change.Orders.Count == 0)
            {
                return (removedBefore, []);
            }

            if (await services.Patients.CommitAsync(change, services.Context.Now, cancellationToken).ConfigureAwait(false) == PatientCommitResult.Committed)
            {
                // The step's own IN PROGRESS or DISCONTINUED only: the CT's COMPLETED that leaves an order IN PROGRESS (its MR
                // step to do) tells the RIS nothing until the MR's.
                var reported = status is StudyPerformedStatus.InProgress or StudyPerformedStatus.Discontinued
                    ? change.Orders.Where(o => redelivered || partition.Orders[o.OrderKey].PerformedStatus != o.PerformedStatus).ToList()
                    : [];
                return ([.. change.Steps, .. removedBefore], reported);
            }
        }

        throw new Storage.TableConflictException($"Patient {patientKey} kept changing while applying an MPPS.");
    }

    /// <summary>Whether an order linked to the study, or scheduled for it, still has steps on the worklist.</summary>
    private async Task<bool> StepsLeftAsync(TenantId tenant, string studyUid, CancellationToken cancellationToken)
    {
        var (study, _) = await services.Studies.GetStudyAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false);
        var scheduled = await services.Accessions.FindByStudyUidAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false);
        var orders = (study?.LinkedOrders.Select(l => (l.PatientKey, l.OrderKey)) ?? []).Concat(scheduled.Select(o => (o.PatientKey, o.OrderKey)));
        foreach (var patient in orders.GroupBy(o => o.PatientKey))
        {
            var patientKey = await services.Resolver.ResolveAsync(tenant, patient.Key, cancellationToken).ConfigureAwait(false);
            var partition = await services.Patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
            if (patient.Any(o => partition.StepsOf(o.OrderKey).Any(s => s.OnWorklist)))
            {
                return true;
            }
        }

        return false;
    }
}
