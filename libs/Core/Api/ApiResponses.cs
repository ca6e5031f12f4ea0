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

public sealed record ReportAccepted(string OutboundId, string ControlId, string Status, string? AccessionNumber, string? StudyInstanceUid)
{
    public static ReportAccepted From(OutboundRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ReportAccepted(record.OutboundId, record.ControlId, record.Status, record.AccessionNumber, record.StudyInstanceUid);
    }
}

public sealed record TraceResponse(string Query, IReadOnlyList<TraceRecord> Messages, OrderStatusResponse? Orders);
