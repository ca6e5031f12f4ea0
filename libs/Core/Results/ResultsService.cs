using System.Security.Cryptography;
using System.Text;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Reconciliation;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Core.Results;

/// <summary>
/// Results for the RIS: ORU^R01 from a submitted report or from a stored DICOM SR, and the "examination complete"
/// order status once a reconciled study is complete (MPPS COMPLETED, or no new image for the quiet period). Each goes
/// through <see cref="OutboundSender"/> with an id derived from its cause, so it is sent once.
/// </summary>
public sealed class ResultsService(PipelineServices services, OutboundSender outbound)
{
    public OutboundSender Outbound => outbound;

    /// <summary>
    /// Builds and sends the ORU^R01 of a submitted report to each order it reports on: the one its
    /// <see cref="ReportSubmission.RequestedProcedureId"/> names, else every open requested procedure of the accession
    /// (a grouped exam's one report is the result of each, as for a DICOM SR), one ORU each. Throws
    /// <see cref="KeyNotFoundException"/> for an unknown accession or requested procedure.
    /// </summary>
    public async Task<IReadOnlyList<(OrderRecord Order, OutboundRecord Outbound)>> SubmitReportAsync(TenantId tenant, ReportSubmission report,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var problems = report.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(report));
        }

        var (patientKey, patient, orders) = await FindOrdersAsync(tenant, report.AccessionNumber, report.RequestedProcedureId, cancellationToken).ConfigureAwait(false);
        var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
        var lines = report.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => new ReportLine(null, l.TrimEnd())).ToArray();
        var sent = new List<(OrderRecord, OutboundRecord)>();
        foreach (var order in orders)
        {
            var studyUid = report.StudyInstanceUid ?? (order.LinkedStudies.Count > 0 ? order.LinkedStudies[0] : null) ?? order.StudyInstanceUid;
            var id = "rpt-" + Hash($"{tenant.Value}|{order.OrderKey}|{report.Status}|{report.Author}|{report.Text}");
            var message = ResultMessageBuilder.BuildReport(policy, services.Context.Options, patient, order, studyUid, lines, report.Author, report.Status,
                ControlId(id), services.Context.Now);
            var record = await outbound.SendAsync(tenant, id, "report", message, order.AccessionNumber, studyUid, BusSessionKey.For(tenant, patientKey), cancellationToken)
                .ConfigureAwait(false);
            sent.Add((order, record));
        }

        return sent;
    }

    /// <summary>
    /// After a study got its orders: send completion if MPPS said COMPLETED (to the study, or to its orders before the
    /// study's first image was indexed) or the study was complete already, and ORU for its stored SRs.
    /// </summary>
    public async Task OnReconciledAsync(TenantId tenant, string studyUid, CancellationToken cancellationToken)
    {
        var (study, _) = await services.Studies.GetStudyAsync(tenant, studyUid, cancellationToken).ConfigureAwait(false);
        if (study is null || study.State != StudyStates.Reconciled)
        {
            return;
        }

        if (study.PerformedStatus is null)
        {
            // No MPPS reached the study row (it came before the first image): its orders kept what it said. A status the
            // study has is left alone: it knows of steps of orders not linked yet.
            var orders = await LinkedOrdersAsync(tenant, study, cancellationToken).ConfigureAwait(false);
            var performed = StudyPerformedStatus.OfOrders(orders.Where(o => !o.Order.IsWithdrawn).Select(o => o.Order.PerformedStatus).ToArray());
            if (performed is not null)
            {
                study = await services.Studies.UpdateStudyAsync(tenant, studyUid, s => s with { PerformedStatus = StudyPerformedStatus.Next(s.PerformedStatus, performed) },
                    cancellationToken).ConfigureAwait(false) ?? study;
            }
        }

        if (study.PerformedStatus == StudyPerformedStatus.Completed || study.CompletionSentAt is not null)
        {
            // An order linked after the study was complete (a grouped exam's second order, placed after the images)
            // is part of that exam: it hears its completion now, its steps leave the worklist.
            await SendCompletionAsync(tenant, study, study.PerformedStatus == StudyPerformedStatus.Completed ? "mpps" : "linked-after-completion",
                cancellationToken).ConfigureAwait(false);
        }

        await SendStructuredReportsAsync(tenant, study, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends "examination complete" once for every order of the study that has not had it (an order linked after the
    /// study was complete gets its own); returns how many were sent. An order the RIS cancelled or discontinued after
    /// its study was linked gets none: a completion would contradict the RIS's own decision, so it becomes a
    /// <see cref="ExceptionKinds.CancelledOrderImages"/> exception instead.
    /// </summary>
    public async Task<int> SendCompletionAsync(TenantId tenant, StudyRecord study, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
        var sent = 0;
        var removed = 0;
        foreach (var (patientKey, patient, order) in await LinkedOrdersAsync(tenant, study, cancellationToken).ConfigureAwait(false))
        {
            if (order.CompletionSentAt is not null)
            {
                continue;
            }

            if (order.IsWithdrawn)
            {
                if (study.CompletionSentAt is null)
                {
                    await services.Exceptions.RaiseAsync(tenant, CancelledOrderImages.Exception(order, study.StudyInstanceUid, study.PatientId), cancellationToken)
                        .ConfigureAwait(false);
                }

                continue;
            }

            var id = "cmp-" + Hash($"{tenant.Value}|{order.OrderKey}|{study.StudyInstanceUid}");
            var message = ResultMessageBuilder.BuildCompletion(policy, services.Context.Options, patient, order, study.StudyInstanceUid, ControlId(id),
                services.Context.Now);
            await outbound.SendAsync(tenant, id, "completion", message, order.AccessionNumber, study.StudyInstanceUid, BusSessionKey.For(tenant, patientKey),
                cancellationToken).ConfigureAwait(false);
            var performed = await MarkOrderCompletedAsync(tenant, patientKey, order.OrderKey, cancellationToken).ConfigureAwait(false);
            await services.Worklist.PublishAsync(tenant, id, BusSessionKey.For(tenant, patientKey), performed, null, cancellationToken).ConfigureAwait(false);
            removed += performed.Count;
            sent++;
        }

        if (sent == 0 && study.CompletionSentAt is not null)
        {
            return 0; // complete before, and every order has heard it
        }

        var now = services.Context.Now;
        await services.Studies.UpdateStudyAsync(tenant, study.StudyInstanceUid, s => s with { CompletionSentAt = s.CompletionSentAt ?? now }, cancellationToken)
            .ConfigureAwait(false);
        await services.Audit.RecordAsync(tenant, "system", "study.completed", study.StudyInstanceUid, $"Examination complete ({reason}); {sent} status message(s) sent" + (removed > 0 ? $"; {removed} worklist step(s) still scheduled taken off as performed." : "."),
            cancellationToken).ConfigureAwait(false);
        return sent;
    }

    /// <summary>
    /// Tells the RIS that an order's exam started (MPPS IN PROGRESS: ORC-5 IP) or was discontinued (DISCONTINUED: DC),
    /// once per order and performed step (<paramref name="mppsInstanceUid"/>): a retake after DISCONTINUED is a new step
    /// and is reported again. An order the RIS called off hears nothing.
    /// </summary>
    public async Task SendPerformedStatusAsync(TenantId tenant, string patientKey, OrderRecord order, string mppsInstanceUid, string? studyUid,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var orderStatus = order.PerformedStatus switch
        {
            StudyPerformedStatus.InProgress => "IP",
            StudyPerformedStatus.Discontinued => "DC",
            _ => null,
        };
        var partition = await services.Patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
        if (orderStatus is null || order.IsWithdrawn || partition.Patient is null)
        {
            return;
        }

        var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
        var id = $"{orderStatus.ToLowerInvariant()}-" + Hash($"{tenant.Value}|{order.OrderKey}|{mppsInstanceUid}");
        var study = order.LinkedStudies.Count > 0 ? order.LinkedStudies[0] : studyUid ?? order.StudyInstanceUid;
        var message = ResultMessageBuilder.BuildOrderStatus(policy, services.Context.Options, partition.Patient, order, study, orderStatus, ControlId(id),
            services.Context.Now);
        await outbound.SendAsync(tenant, id, "order-status", message, order.AccessionNumber, study, BusSessionKey.For(tenant, patientKey), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task SendStructuredReportsAsync(TenantId tenant, StudyRecord study, CancellationToken cancellationToken)
    {
        var reports = await services.Studies.ListReportsAsync(tenant, study.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        if (reports.Count == 0 || study.LinkedOrders.Count == 0)
        {
            return;
        }

        // The study's report is the result of every order it fulfils (one study for a grouped CT chest and abdomen):
        // one ORU each, or the RIS would keep the others waiting for a result forever.
        var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
        var targets = (await LinkedOrdersAsync(tenant, study, cancellationToken).ConfigureAwait(false)).Where(o => o.Order.Status != "CANCELLED").ToList();

        foreach (var report in reports)
        {
            var content = await services.Context.Blobs.DownloadAsync(CloudResourceNames.DicomContainer(tenant), report.BlobPath, cancellationToken).ConfigureAwait(false);
            DicomFile file;
            await using (content.Content.ConfigureAwait(false))
            {
                file = await DicomFileReader.ReadAsync(content.Content, new DicomReaderOptions { StopBeforePixelData = true }, cancellationToken).ConfigureAwait(false);
            }

            var lines = SrTextExtractor.Extract(file.Dataset);
            if (lines.Count == 0)
            {
                continue;
            }

            var completion = file.Dataset.GetString(Dicom.DicomTag.CompletionFlag)?.Trim();
            var verification = file.Dataset.GetString(Dicom.DicomTag.VerificationFlag)?.Trim();
            var status = completion == "COMPLETE" && verification == "VERIFIED" ? "F" : "P";
            var author = file.Dataset.GetFirstItem(Dicom.DicomTag.AuthorObserverSequence)?.GetString(Dicom.DicomTag.PersonName)
                ?? file.Dataset.GetFirstItem(Dicom.DicomTag.VerifyingObserverSequence)?.GetString(Dicom.DicomTag.VerifyingObserverName)
                ?? "SR";
            foreach (var (patientKey, patient, order) in targets)
            {
                var id = "sr-" + Hash($"{tenant.Value}|{report.SopInstanceUid}|{order.OrderKey}");
                var message = ResultMessageBuilder.BuildReport(policy, services.Context.Options, patient, order, study.StudyInstanceUid, lines, author,
                    status, ControlId(id), services.Context.Now);
                await outbound.SendAsync(tenant, id, "report", message, order.AccessionNumber, study.StudyInstanceUid, BusSessionKey.For(tenant, patientKey),
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The study's linked orders that still exist, each with its patient as it is now (merges followed).</summary>
    private async Task<IReadOnlyList<(string PatientKey, PatientRecord Patient, OrderRecord Order)>> LinkedOrdersAsync(TenantId tenant, StudyRecord study,
        CancellationToken cancellationToken)
    {
        var orders = new List<(string, PatientRecord, OrderRecord)>();
        foreach (var link in study.LinkedOrders)
        {
            var patientKey = await services.Resolver.ResolveAsync(tenant, link.PatientKey, cancellationToken).ConfigureAwait(false);
            var partition = await services.Patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
            if (partition.Patient is not null && partition.Orders.TryGetValue(link.OrderKey, out var order))
            {
                orders.Add((patientKey, partition.Patient, order));
            }
        }

        return orders;
    }

    /// <summary>
    /// Marks the order's completion sent and takes its steps still on the worklist off as performed, in one commit;
    /// returns those steps, for the edge. They are there when the order arrived after its images and MPPS COMPLETED
    /// (the MPPS found no order then, and an open order schedules its steps): left there, a modality could pick the
    /// performed examination again and nothing would ever take it off.
    /// </summary>
    private async Task<IReadOnlyList<StepRecord>> MarkOrderCompletedAsync(TenantId tenant, string patientKey, string orderKey, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var partition = await services.Patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
            if (partition.Patient is null || !partition.Orders.TryGetValue(orderKey, out var order))
            {
                return [];
            }

            var change = new PatientPartitionChange(partition, partition.Patient);
            change.Steps.AddRange(partition.StepsOf(orderKey).Where(s => s.OnWorklist).Select(s =>
                s with { OnWorklist = false, RemovalReason = "performed", Item = s.Item with { Status = "COMPLETED", Version = s.Version + 1 } }));
            if (order.CompletionSentAt is null)
            {
                change.Orders.Add(order with { CompletionSentAt = services.Context.Now });
            }

            if (change.Orders.Count == 0 && change.Steps.Count == 0)
            {
                return [];
            }

            if (await services.Patients.CommitAsync(change, services.Context.Now, cancellationToken).ConfigureAwait(false) == PatientCommitResult.Committed)
            {
                return change.Steps;
            }
        }

        throw new Storage.TableConflictException($"Patient {patientKey} kept changing while its order {orderKey} was marked complete.");
    }

    /// <summary>
    /// The orders a report is for: the named requested procedure, else every open one of the accession; when none is
    /// open, the first (a correction to a cancelled order's report still reaches the RIS, which decides).
    /// </summary>
    private async Task<(string PatientKey, PatientRecord Patient, IReadOnlyList<OrderRecord> Orders)> FindOrdersAsync(TenantId tenant, string accession,
        string? requestedProcedureId, CancellationToken cancellationToken)
    {
        var entry = await services.Accessions.GetAsync(tenant, accession, cancellationToken).ConfigureAwait(false);
        if (entry is null || !entry.HasOrders)
        {
            throw new KeyNotFoundException($"No order has accession '{accession}'.");
        }

        var patientKey = await services.Resolver.ResolveAsync(tenant, entry.PatientKey, cancellationToken).ConfigureAwait(false);
        var partition = await services.Patients.LoadAsync(tenant, patientKey, cancellationToken).ConfigureAwait(false);
        var matching = partition.Orders.Values
            .Where(o => o.AccessionNumber == accession && (requestedProcedureId is null || o.RequestedProcedureId == requestedProcedureId))
            .OrderBy(o => o.OrderKey, StringComparer.Ordinal)
            .ToList();
        var open = matching.Where(o => o.Status != "CANCELLED").ToList();
        List<OrderRecord> orders = requestedProcedureId is null && open.Count > 0 ? open
            : (open.FirstOrDefault() ?? matching.FirstOrDefault()) is { } one ? [one] : [];
        if (partition.Patient is null || orders.Count == 0)
        {
            throw new KeyNotFoundException($"No order has accession '{accession}'" + (requestedProcedureId is null ? "." : $" and requested procedure id '{requestedProcedureId}'."));
        }

        return (patientKey, partition.Patient, orders);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    /// <summary>MSH-10 is at most 20 characters in v2.5.1.</summary>
    private static string ControlId(string outboundId) => outboundId.Replace("-", string.Empty, StringComparison.Ordinal)[..20].ToUpperInvariant();
}
