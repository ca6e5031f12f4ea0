using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Trace;

namespace CloudRisPacs.Core.Results;

/// <summary>
/// Handles <see cref="BusMessageKinds.OutboundDeliveryResult"/>: records whether the RIS took an outbound message; a
/// parked one (the edge gave up) becomes an exception with the reason, resolved by itself when the message is delivered
/// after an operator requeued it at the edge.
/// </summary>
public sealed class DeliveryResultHandler(PipelineServices services, OutboundSender outbound) : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var tenant = delivery.Tenant;
        var result = BusContractJson.Deserialize<OutboundDeliveryResult>(message);
        var recorded = await outbound.RecordResultAsync(tenant, result, cancellationToken).ConfigureAwait(false);
        var record = recorded?.Current;
        var exceptionId = ExceptionStore.IdFor(ExceptionKinds.OutboundParked, result.OutboundId);
        if (result.Delivered && recorded?.Previous.Status == OutboundStatus.Parked)
        {
            await services.Exceptions.ResolveAsync(tenant, exceptionId, "edge-agent",
                $"Delivered to the RIS ({result.AcknowledgmentCode}) after the message was requeued at the edge.", cancellationToken).ConfigureAwait(false);
        }
        else if (!result.Delivered)
        {
            await services.Exceptions.RaiseAsync(tenant, new ExceptionRecord
            {
                Id = exceptionId,
                Kind = ExceptionKinds.OutboundParked,
                Reason = $"The edge agent could not deliver {record?.MessageType ?? "outbound message"} {result.OutboundId} (MSH-10 {result.ControlId}) to the RIS " +
                         $"after {result.Attempts} attempts: {result.Reason ?? result.AcknowledgmentCode ?? "no reason given"}.",
                MessageId = message.MessageId,
                AccessionNumber = record?.AccessionNumber,
                StudyInstanceUid = record?.StudyInstanceUid,
                RawMessage = record?.Er7,
            }, cancellationToken).ConfigureAwait(false);
        }

        await TenantPartitionWriter.WriteTraceAsync(services.Context.Tables, tenant, new TraceRecord
        {
            MessageId = message.MessageId, Kind = message.Kind, ControlId = result.ControlId, CorrelationId = message.CorrelationId,
            Outcome = result.Delivered ? OutboundStatus.Delivered : OutboundStatus.Parked,
            Detail = record is null ? $"unknown outbound id {result.OutboundId}" : $"outbound {result.OutboundId}",
            Accessions = record?.AccessionNumber is { } accession ? [accession] : [], At = services.Context.Now,
        }, cancellationToken).ConfigureAwait(false);
        return BusHandlingResult.Complete;
    }
}
