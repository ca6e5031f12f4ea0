using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CloudRisPacs.Edge.Diagnostics;

/// <summary>
/// Counts what the agent did since it started (shown by the status endpoint) and exports the same numbers as the
/// meter <c>CloudRisPacs.Edge</c>, counter <c>cloudrispacs.edge.events</c> tagged with the event name.
/// </summary>
public sealed class EdgeCounters : IDisposable
{
    public const string MeterName = "CloudRisPacs.Edge";

    public const string Hl7Accepted = "hl7.accepted";
    public const string Hl7Duplicates = "hl7.duplicates";
    public const string Hl7Rejected = "hl7.rejected";
    public const string OutboxPublished = "outbox.published";
    public const string OutboxPublishFailures = "outbox.publish-failures";
    public const string OutboxParked = "outbox.parked";
    public const string OutboundReceived = "outbound.received";
    public const string OutboundDelivered = "outbound.delivered";
    public const string OutboundRetries = "outbound.retries";
    public const string OutboundParked = "outbound.parked";
    public const string ApplicationAcksQueued = "hl7.application-acks";
    public const string WorklistChanges = "worklist.changes";
    public const string WorklistFullSyncs = "worklist.full-syncs";
    public const string WorklistQueries = "worklist.queries";
    public const string DicomStored = "dicom.stored";
    public const string DicomStoreFailures = "dicom.store-failures";
    public const string DicomUploaded = "dicom.uploaded";
    public const string DicomUploadFailures = "dicom.upload-failures";
    public const string DicomParked = "dicom.parked";
    public const string MppsReceived = "dicom.mpps";
    public const string CommitmentRequests = "dicom.commitment-requests";
    public const string CommitmentReports = "dicom.commitment-reports";
    public const string CommitmentRedelivered = "dicom.commitment-redelivered";
    public const string CommitmentReportFailures = "dicom.commitment-report-failures";
    public const string CommitmentParked = "dicom.commitment-parked";
    public const string HeartbeatsSent = "edge.heartbeats";

    private readonly ConcurrentDictionary<string, long> values = new(StringComparer.Ordinal);
    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> events;

    public EdgeCounters()
    {
        events = meter.CreateCounter<long>("cloudrispacs.edge.events", description: "Edge agent events by name");
    }

    public void Increment(string name, long by = 1)
    {
        values.AddOrUpdate(name, by, (_, current) => current + by);
        events.Add(by, new KeyValuePair<string, object?>("event", name));
    }

    public long Get(string name) => values.TryGetValue(name, out var value) ? value : 0;

    /// <summary>Every counter that moved, by name.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(values.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);

    public void Dispose() => meter.Dispose();
}
