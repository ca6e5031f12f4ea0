using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Services.Mpps;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// Modality Performed Procedure Step instances, durable: each N-CREATE and N-SET the PS3.4 rules accept is committed
/// together with its <c>dicom.mpps</c> outbox message in one transaction, so the modality gets success only when both
/// the step and its forwarding to the cloud are on disk. The same transaction marks the worklist steps it performed
/// (<see cref="WorklistPerformedSteps"/>), so the local worklist shows them before the cloud has heard of it.
/// </summary>
public sealed class MppsStore(EdgeDatabase database, OutboxStore outbox, EdgeMessages messages, TimeProvider time, ILogger<MppsStore>? logger = null) : IMppsStore
{
    // Attributes are kept as Explicit VR Little Endian bytes: exact, and readable by any DICOM tool.
    private static readonly DicomTransferSyntax Encoding = DicomTransferSyntax.ExplicitVRLittleEndian;

    // The IMppsStore calls carry no association; the MPPS handler sets who is calling for the duration of one request.
    private static readonly AsyncLocal<string?> CallingAe = new();

    /// <summary>Sets the calling AE title recorded for the changes made by the current request.</summary>
    public static IDisposable CallingAeTitle(string? aeTitle)
    {
        CallingAe.Value = aeTitle;
        return new Reset();
    }

    public ValueTask<DicomDataset?> GetAsync(string sopInstanceUid, CancellationToken cancellationToken) =>
        new(database.ReadAsync<DicomDataset?>(connection =>
        {
            var bytes = connection.Command("SELECT attributes FROM mpps WHERE sop_instance_uid = $uid").With("$uid", sopInstanceUid).ExecuteScalarOnce() as byte[];
            return bytes is null ? null : DicomDatasetReader.Read(bytes, Encoding).Dataset;
        }, cancellationToken));

    public async ValueTask<bool> TryCreateAsync(string sopInstanceUid, DicomDataset attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var (body, message) = Message(sopInstanceUid, "create", attributes);
        var now = time.GetUtcNow().ToUnix();
        (string? LocalStatus, int Marked) mark = default;
        var created = await database.WriteAsync(tx =>
        {
            var inserted = tx.Command("""
                INSERT INTO mpps (sop_instance_uid, status, attributes, calling_ae, created_at, updated_at) VALUES ($uid, $status, $attributes, $ae, $now, $now)
                ON CONFLICT(sop_instance_uid) DO NOTHING
                """)
                .With("$uid", sopInstanceUid).With("$status", Status(attributes)).With("$attributes", DicomDatasetWriter.Encode(attributes, Encoding))
                .With("$ae", CallingAe.Value).With("$now", now).ExecuteOnce() == 1;
            if (inserted)
            {
                OutboxStore.Insert(tx, message);
                mark = WorklistPerformedSteps.Apply(tx, body);
            }

            return inserted;
        }, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            outbox.NotifyAdded();
            LogMark(body, mark);
        }

        return created;
    }

    public async ValueTask UpdateAsync(string sopInstanceUid, DicomDataset attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var (body, message) = Message(sopInstanceUid, "set", attributes);
        var mark = await database.WriteAsync(tx =>
        {
            tx.Command("UPDATE mpps SET status = $status, attributes = $attributes, updated_at = $now WHERE sop_instance_uid = $uid")
                .With("$uid", sopInstanceUid).With("$status", Status(attributes)).With("$attributes", DicomDatasetWriter.Encode(attributes, Encoding))
                .With("$now", time.GetUtcNow().ToUnix()).ExecuteOnce();
            OutboxStore.Insert(tx, message);
            return WorklistPerformedSteps.Apply(tx, body);
        }, cancellationToken).ConfigureAwait(false);
        outbox.NotifyAdded();
        LogMark(body, mark);
    }

    // Radiology IT asking "why does the worklist show this exam as started?" (or why an MPPS changed nothing here)
    // finds the answer in the log, not only in the database.
    private void LogMark(MppsEvent body, (string? LocalStatus, int Marked) mark)
    {
        if (logger is not null && mark.LocalStatus is { } localStatus)
        {
            EdgeLog.MppsMarkedWorklist(logger, body.MppsInstanceUid, body.Status.Trim(), mark.Marked, localStatus);
        }
    }

    private (MppsEvent Body, BusMessage Message) Message(string sopInstanceUid, string operation, DicomDataset attributes)
    {
        var body = MppsEvents.From(sopInstanceUid, operation, attributes, CallingAe.Value, time.GetUtcNow());
        return (body, messages.Json(BusMessageKinds.DicomMpps, body, body.PatientId));
    }

    private static string Status(DicomDataset attributes) => attributes.GetString(DicomTag.PerformedProcedureStepStatus)?.Trim() ?? string.Empty;

    private sealed class Reset : IDisposable
    {
        public void Dispose() => CallingAe.Value = null;
    }
}
