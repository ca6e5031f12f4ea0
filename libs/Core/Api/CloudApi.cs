using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Trace;
using CloudRisPacs.Core.Worklist;

namespace CloudRisPacs.Core.Api;

/// <summary>
/// The HTTP API's operations, independent of the host (Azure Functions or the local host). Every call acts for the
/// principal's tenant only: it is the partition (or partition prefix) of every read, so one tenant's credential can
/// never read another tenant's rows. Roles: the edge role may only sync the worklist.
/// </summary>
public sealed class CloudApi(PipelineServices services, ResultsService results)
{
    public const int MaxListSize = 500;

    /// <summary>How far back a search of the audit trail by subject looks (newest entries).</summary>
    public const int AuditScanLimit = 5000;

    /// <summary>
    /// The longest accession, study UID, message id or patient id in its stored form (escaped, <see cref="KeyPart"/>): a
    /// table key has 1,024 characters and the rest holds the tenant and the key's prefix. A longer one cannot be stored,
    /// so asking for it is an invalid request, not a storage failure.
    /// </summary>
    public const int MaxIdentifierKeyLength = 960;

    public async Task<WorklistSyncResponse> GetWorklistAsync(TenantPrincipal principal, CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.EdgeAgent, ApiRoles.Staff);
        var items = await WorklistSnapshotHandler.ListAsync(services, principal.Tenant, cancellationToken).ConfigureAwait(false);
        return new WorklistSyncResponse(principal.Tenant.Value, services.Context.Now, items.Count, items);
    }

    public async Task<OrderStatusResponse> GetOrdersAsync(TenantPrincipal principal, string accession, CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        RequireIdentifier(accession, "accession");
        return await FindOrdersAsync(principal, accession, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiProblemException(404, $"No order has accession '{accession}'.");
    }

    public async Task<StudyStatusResponse> GetStudyAsync(TenantPrincipal principal, string studyUid, CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        RequireIdentifier(studyUid, "study instance UID");
        var (study, _) = await services.Studies.GetStudyAsync(principal.Tenant, studyUid, cancellationToken).ConfigureAwait(false);
        if (study is null)
        {
            throw new ApiProblemException(404, $"Study {studyUid} is not indexed.");
        }

        var series = await services.Studies.ListSeriesAsync(principal.Tenant, studyUid, cancellationToken).ConfigureAwait(false);
        return new StudyStatusResponse(study, series);
    }

    public async Task<ExceptionListResponse> ListExceptionsAsync(TenantPrincipal principal, string? status, string? kind, int? take,
        CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        ExceptionStatus? wanted = status?.ToUpperInvariant() switch
        {
            null or "" or "OPEN" => ExceptionStatus.Open,
            "RESOLVED" => ExceptionStatus.Resolved,
            "ALL" => null,
            _ => throw new ApiProblemException(400, $"status '{status}' is not one of open, resolved, all."),
        };
        if (kind is not null && !ExceptionKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            throw new ApiProblemException(400, $"kind '{kind}' is not one of {string.Join(", ", ExceptionKinds.All)}.");
        }

        var list = await services.Exceptions.ListAsync(principal.Tenant, wanted, kind, Math.Clamp(take ?? 100, 1, MaxListSize), cancellationToken)
            .ConfigureAwait(false);
        return new ExceptionListResponse(list.Count, list);
    }

    /// <summary>
    /// The tenant's audit trail, newest first: links and resolutions by people, automatic reconciliations, submitted
    /// reports. With <paramref name="subject"/> (a study UID, an exception id, an accession number) only that subject's
    /// entries among the newest <see cref="AuditScanLimit"/>.
    /// </summary>
    public async Task<AuditListResponse> ListAuditAsync(TenantPrincipal principal, string? subject, int? take, CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        var wanted = Math.Clamp(take ?? 100, 1, MaxListSize);
        var list = await services.Audit.SearchAsync(principal.Tenant, string.IsNullOrWhiteSpace(subject) ? null : subject.Trim(), wanted,
            string.IsNullOrWhiteSpace(subject) ? wanted : AuditScanLimit, cancellationToken).ConfigureAwait(false);
        return new AuditListResponse(list.Count, list);
    }

    /// <summary>
    /// The tenant's corrections oldest first, for one study or all; <paramref name="since"/> (the <c>sequence</c> of the last
    /// correction applied, or in the older form its <c>at</c> as an ISO 8601 time) returns only later ones, so a PACS can poll.
    /// </summary>
    public async Task<CorrectionListResponse> ListCorrectionsAsync(TenantPrincipal principal, string? studyUid, string? since, int? take,
        CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        CorrectionCursor? after = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            after = CorrectionCursor.TryParse(since, out var parsed)
                ? parsed
                : throw new ApiProblemException(400, $"since '{since}' is neither a sequence number nor a date and time (ISO 8601, for example 2024-03-20T10:15:00Z).");
        }

        var list = await services.Corrections.SearchAsync(principal.Tenant, string.IsNullOrWhiteSpace(studyUid) ? null : studyUid.Trim(), after,
            Math.Clamp(take ?? 100, 1, MaxListSize), cancellationToken).ConfigureAwait(false);
        return new CorrectionListResponse(list.Count, list);
    }

    public async Task<ExceptionRecord> ResolveExceptionAsync(TenantPrincipal principal, string id, ExceptionResolutionRequest request,
        CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        ArgumentNullException.ThrowIfNull(request);
        RequireText(id, "exception id");
        var exception = await services.Exceptions.GetAsync(principal.Tenant, id, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiProblemException(404, $"Exception '{id}' does not exist.");
        var note = request.Note ?? string.Empty;
        switch (request.Action.ToUpperInvariant())
        {
            case "LINK":
                var studyUid = request.StudyInstanceUid ?? exception.StudyInstanceUid
                    ?? throw new ApiProblemException(400, "link needs studyInstanceUid (the exception names no study).");
                var accession = request.AccessionNumber ?? exception.AccessionNumber
                    ?? throw new ApiProblemException(400, "link needs accessionNumber (the exception names no accession).");
                var policy = await services.Context.PolicyAsync(principal.Tenant, cancellationToken).ConfigureAwait(false);
                try
                {
                    await services.Reconciler.LinkManuallyAsync(policy, studyUid, accession, principal.Actor, note, cancellationToken).ConfigureAwait(false);
                }
                catch (KeyNotFoundException ex)
                {
                    throw new ApiProblemException(404, ex.Message);
                }

                return await services.Exceptions.ResolveAsync(principal.Tenant, id, principal.Actor, $"Linked study {studyUid} to accession {accession}. {note}".Trim(),
                    cancellationToken).ConfigureAwait(false) ?? exception;
            case "RESOLVE":
                if (string.IsNullOrWhiteSpace(note))
                {
                    throw new ApiProblemException(400, "resolve needs a note saying why.");
                }

                return await services.Exceptions.ResolveAsync(principal.Tenant, id, principal.Actor, note, cancellationToken).ConfigureAwait(false) ?? exception;
            default:
                throw new ApiProblemException(400, $"action '{request.Action}' is not one of resolve, link.");
        }
    }

    public async Task<ReportAccepted> SubmitReportAsync(TenantPrincipal principal, ReportSubmission report, CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        ArgumentNullException.ThrowIfNull(report);
        var problems = report.Validate();
        if (problems.Count > 0)
        {
            throw new ApiProblemException(400, string.Join(" ", problems));
        }

        try
        {
            var sent = await results.SubmitReportAsync(principal.Tenant, report, cancellationToken).ConfigureAwait(false);
            await services.Audit.RecordAsync(principal.Tenant, principal.Actor, "report.submitted", report.AccessionNumber,
                $"{report.Status} report by {report.Author}: outbound {string.Join(", ", sent.Select(s => $"{s.Outbound.OutboundId} (requested procedure {s.Order.RequestedProcedureId ?? "none"})"))}",
                cancellationToken).ConfigureAwait(false);
            return ReportAccepted.From(sent);
        }
        catch (KeyNotFoundException ex)
        {
            throw new ApiProblemException(404, ex.Message);
        }
    }

    public async Task<TraceResponse> TraceAsync(TenantPrincipal principal, string? messageId, string? accession, string? patientId, string? issuer,
        CancellationToken cancellationToken)
    {
        Require(principal, ApiRoles.Staff);
        var tenant = principal.Tenant;
        var table = CloudResourceNames.Tables.MessageTrace;
        var messages = new List<TraceRecord>();
        if (!string.IsNullOrWhiteSpace(messageId))
        {
            RequireIdentifier(messageId, "message id");
            var row = await services.Context.Tables.GetAsync(table, tenant.Value, PipelineKeys.Message(messageId), cancellationToken).ConfigureAwait(false);
            if (row is not null)
            {
                messages.Add(TraceIndex.Read(row));
            }

            return new TraceResponse($"messageId={messageId}", messages, null);
        }

        string prefix;
        string query;
        if (!string.IsNullOrWhiteSpace(accession))
        {
            RequireIdentifier(accession, "accession");
            prefix = TraceIndex.ByAccession(accession);
            query = $"accession={accession}";
        }
        else if (!string.IsNullOrWhiteSpace(patientId))
        {
            var key = new PatientIdentity(patientId, issuer ?? string.Empty).Key;
            RequireStorable(key, "patient id with its issuer");
            var resolved = await services.Resolver.ResolveAsync(tenant, key, cancellationToken).ConfigureAwait(false);
            prefix = TraceIndex.ByPatient(resolved);
            query = $"patientId={patientId}";
        }
        else
        {
            throw new ApiProblemException(400, "Give one of messageId, accession or patientId.");
        }

        await foreach (var row in services.Context.Tables.QueryAsync(table, new TableQuery(tenant.Value) { RowKeyPrefix = prefix, Take = MaxListSize }, cancellationToken)
            .ConfigureAwait(false))
        {
            messages.Add(TraceIndex.Read(row));
        }

        var orders = string.IsNullOrWhiteSpace(accession) ? null : await FindOrdersAsync(principal, accession, cancellationToken).ConfigureAwait(false);
        return new TraceResponse(query, messages.OrderBy(m => m.At).ToArray(), orders);
    }

    private async Task<OrderStatusResponse?> FindOrdersAsync(TenantPrincipal principal, string accession, CancellationToken cancellationToken)
    {
        var entry = await services.Accessions.GetAsync(principal.Tenant, accession, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var orders = new List<OrderStatus>();
        if (entry.HasOrders)
        {
            var patientKey = await services.Resolver.ResolveAsync(principal.Tenant, entry.PatientKey, cancellationToken).ConfigureAwait(false);
            var partition = await services.Patients.LoadAsync(principal.Tenant, patientKey, cancellationToken).ConfigureAwait(false);
            foreach (var order in partition.Orders.Values.Where(o => o.AccessionNumber == accession))
            {
                orders.Add(new OrderStatus(partition.Patient!.Identity.Id, partition.Patient.Identity.Issuer.Length == 0 ? null : partition.Patient.Identity.Issuer,
                    partition.Patient.Demographics.Name, order, partition.StepsOf(order.OrderKey).ToArray()));
            }
        }

        return orders.Count == 0 && entry.StudyUids.Count == 0 ? null : new OrderStatusResponse(accession, orders, entry.StudyUids);
    }

    private static void Require(TenantPrincipal principal, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!roles.Any(principal.IsInRole))
        {
            throw new ApiProblemException(403, $"This operation needs the role {string.Join(" or ", roles)}.");
        }
    }

    /// <summary>Required, and short enough in its stored form (<see cref="MaxIdentifierKeyLength"/>) to be a table key.</summary>
    private static void RequireIdentifier(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ApiProblemException(400, $"A {name} is required.");
        }

        RequireStorable(KeyPart.Encode(value), name);
    }

    private static void RequireStorable(string escaped, string name)
    {
        if (escaped.Length > MaxIdentifierKeyLength)
        {
            throw new ApiProblemException(400, $"The {name} is too long: at most {MaxIdentifierKeyLength} characters, where each of "
                + $"/ \\ # ? % | ~ ^ and control characters counts as three (it is stored escaped); this one counts {escaped.Length}.");
        }
    }

    private static void RequireText(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 1024)
        {
            throw new ApiProblemException(400, $"A {name} is required (at most 1024 characters).");
        }
    }
}
