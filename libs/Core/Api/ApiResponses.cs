using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Trace;

namespace CloudRisPacs.Core.Api;

/// <summary><c>GET /api/edge/worklist</c>: the caller's tenant's complete worklist.</summary>
public sealed record WorklistSyncResponse(string Tenant, DateTimeOffset AsOf, int Count, IReadOnlyList<WorklistItem> Items);

/// <summary>An order with its patient and steps, for <c>GET /api/orders/{accession}</c>.</summary>
public sealed record OrderStatus(string PatientId, string? IssuerOfPatientId, string PatientName, OrderRecord Order, IReadOnlyList<StepRecord> Steps);

public sealed record OrderStatusResponse(string AccessionNumber, IReadOnlyList<OrderStatus> Orders, IReadOnlyList<string> StudyInstanceUids);

public sealed record StudyStatusResponse(StudyRecord Study, IReadOnlyList<SeriesRecord> Series);

public sealed record ExceptionListResponse(int Count, IReadOnlyList<ExceptionRecord> Exceptions);

/// <summary><c>GET /api/audit</c>: who did what to which subject, newest first.</summary>
public sealed record AuditListResponse(int Count, IReadOnlyList<AuditEntry> Entries);

/// <summary><c>GET /api/corrections</c>: patient attribute changes of studies, oldest first (the order to apply them in).</summary>
public sealed record CorrectionListResponse(int Count, IReadOnlyList<CorrectionEntry> Corrections);

/// <summary>
/// <c>POST /api/exceptions/{id}/resolve</c>: <c>action</c> is <c>resolve</c> (mark resolved with a note) or <c>link</c>
/// (link <c>studyInstanceUid</c> to the order(s) of <c>accessionNumber</c>, then resolve).
/// </summary>
public sealed record ExceptionResolutionRequest
{
    public required string Action { get; init; }

    public string? Note { get; init; }

    public string? StudyInstanceUid { get; init; }

    public string? AccessionNumber { get; init; }
}

/// <summary>
/// A submitted report: one ORU per order it reports on (<see cref="Results"/>); the first one's id, control id and
/// status are also at the top, for callers of a single requested procedure.
/// </summary>
public sealed record ReportAccepted(string OutboundId, string ControlId, string Status, string? AccessionNumber, string? StudyInstanceUid, IReadOnlyList<ReportResult> Results)
{
    public static ReportAccepted From(IReadOnlyList<(OrderRecord Order, OutboundRecord Outbound)> sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var first = sent[0].Outbound;
        return new ReportAccepted(first.OutboundId, first.ControlId, first.Status, first.AccessionNumber, first.StudyInstanceUid,
            sent.Select(s => new ReportResult(s.Outbound.OutboundId, s.Outbound.ControlId, s.Outbound.Status, s.Order.RequestedProcedureId, s.Order.PlacerOrderNumber)).ToArray());
    }
}

/// <summary>The ORU a report became for one order: its outbound id (to follow its delivery) and the order it names.</summary>
public sealed record ReportResult(string OutboundId, string ControlId, string Status, string? RequestedProcedureId, string? PlacerOrderNumber);

public sealed record TraceResponse(string Query, IReadOnlyList<TraceRecord> Messages, OrderStatusResponse? Orders);
