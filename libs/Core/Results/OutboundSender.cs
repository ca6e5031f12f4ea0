using System.Text;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Core.Results;

/// <summary>
/// Sends HL7 to a tenant's RIS through its edge agent: records the message in <c>Outbound</c> (pending), then
/// publishes <see cref="BusMessageKinds.Hl7Outbound"/> (raw ER7 body, property <c>hl7.outboundId</c>) to the edge
/// channel. The outbound id is derived from the cause, so a retried cause sends the same message once. The record is
/// created only if absent and results are written over the version read (ETag): a retried cause running while the
/// edge reports "delivered" never puts the record back to pending.
/// </summary>
public sealed class OutboundSender(ITableStore tables, IBusPublisher publisher, TimeProvider time)
{
    private static string Table => CloudResourceNames.Tables.Outbound;

    public async Task<OutboundRecord> SendAsync(TenantId tenant, string outboundId, string purpose, Hl7Message message, string? accession, string? studyUid,
        string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = message.ToBytes();
        var existing = await GetAsync(tenant, outboundId, cancellationToken).ConfigureAwait(false);
        var record = existing ?? await CreateAsync(tenant, NewRecord(outboundId, purpose, message, bytes, accession, studyUid), cancellationToken)
            .ConfigureAwait(false);
        if (record.Status == OutboundStatus.Delivered)
        {
            return record;
        }

        var outbound = new BusMessage
        {
            MessageId = outboundId,
            Kind = BusMessageKinds.Hl7Outbound,
            SessionKey = sessionKey,
            CorrelationId = record.ControlId,
            ClaimedTenant = tenant.Value,
            ContentType = Hl7MessageProperties.Er7ContentType,
            Body = record.Er7 is { } stored ? Encoding.UTF8.GetBytes(stored) : bytes,
            Properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Hl7MessageProperties.OutboundId] = outboundId,
                [Hl7MessageProperties.ControlId] = record.ControlId,
                [Hl7MessageProperties.MessageType] = record.MessageType,
            },
        }.WithCurrentTraceContext();
        await publisher.PublishAsync(BusChannel.Edge(tenant), outbound, cancellationToken).ConfigureAwait(false);
        return record;
    }

    public async Task<OutboundRecord?> GetAsync(TenantId tenant, string outboundId, CancellationToken cancellationToken) =>
        (await ReadAsync(tenant, outboundId, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>Records the edge's delivery result; returns the updated record, or null for an unknown id.</summary>
    public async Task<OutboundResultRecorded?> RecordResultAsync(TenantId tenant, OutboundDeliveryResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        for (var attempt = 0; ; attempt++)
        {
            var (record, etag) = await ReadAsync(tenant, result.OutboundId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return null;
            }

            var updated = record with
            {
                Status = result.Delivered ? OutboundStatus.Delivered : OutboundStatus.Parked,
                AcknowledgmentCode = result.AcknowledgmentCode,
                Attempts = result.Attempts,
                Reason = result.Reason,
                CompletedAt = result.At == default ? time.GetUtcNow() : result.At,
            };
            var row = ToRow(tenant, updated);
            row.ETag = etag;
            try
            {
                await tables.UpdateAsync(Table, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
                return new OutboundResultRecorded(record, updated);
            }
            catch (TableConflictException) when (attempt < 5)
            {
                // Written meanwhile (another result, a redelivery): apply this result to what is there now.
            }
        }
    }

    private async Task<(OutboundRecord? Record, string? ETag)> ReadAsync(TenantId tenant, string outboundId, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(Table, tenant.Value, Pipeline.KeyPart.Encode(outboundId), cancellationToken).ConfigureAwait(false);
        return row is null ? (null, null) : (JsonSerializer.Deserialize<OutboundRecord>(row.GetString("Data") ?? "null", BusContractJson.Options), row.ETag);
    }

    /// <summary>Inserts the pending record; when another delivery of the same cause created it first, returns that one.</summary>
    private async Task<OutboundRecord> CreateAsync(TenantId tenant, OutboundRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await tables.InsertAsync(Table, ToRow(tenant, record), cancellationToken).ConfigureAwait(false);
            return record;
        }
        catch (TableConflictException)
        {
            return await GetAsync(tenant, record.OutboundId, cancellationToken).ConfigureAwait(false)
                ?? throw new TableConflictException($"Outbound record {record.OutboundId} existed and then vanished; retrying later.");
        }
    }

    private OutboundRecord NewRecord(string outboundId, string purpose, Hl7Message message, byte[] bytes, string? accession, string? studyUid)
    {
        var header = new Hl7.Segments.MshSegment(message.Header);
        return new OutboundRecord
        {
            OutboundId = outboundId,
            Purpose = purpose,
            ControlId = header.MessageControlId,
            MessageType = header.Segment.GetField(9).RawText,
            AccessionNumber = accession,
            StudyInstanceUid = studyUid,
            CreatedAt = time.GetUtcNow(),
            Er7 = Encoding.UTF8.GetString(bytes),
        };
    }

    private static TableRow ToRow(TenantId tenant, OutboundRecord record) => new(tenant.Value, Pipeline.KeyPart.Encode(record.OutboundId))
    {
        ["Data"] = JsonSerializer.Serialize(record with { Er7 = record.Er7 is { Length: > 20_000 } ? null : record.Er7 }, BusContractJson.Options),
        ["Status"] = record.Status,
        ["AccessionNumber"] = record.AccessionNumber,
    };
}
