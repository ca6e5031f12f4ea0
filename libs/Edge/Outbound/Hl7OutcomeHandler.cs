using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Inbound;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Outbound;

/// <summary>
/// Bus handler for <c>hl7.outcome</c> (enhanced acknowledgement mode). The RIS got CA when the message was committed;
/// now the cloud says how processing went, and the agent sends the application ACK (AA/AE/AR, MSA-2 = the original
/// MSH-10) if MSH-16 asks for it. The ACK is a message of its own, so it travels like every message the agent sends to
/// the RIS: over the outbound MLLP connection to the RIS's listener, queued durably, retried, and matched to the
/// RIS's commit ACK, which its MSH-15 AL asks for (without it a conformant RIS answers nothing). The inbound connection
/// is strictly request/response and may be long closed by then.
/// </summary>
public sealed class Hl7OutcomeHandler(
    InboundHl7Store inbound,
    OutboundStore outbound,
    EdgeCounters counters,
    TimeProvider time,
    ILogger<Hl7OutcomeHandler> logger) : IBusMessageHandler
{
    private readonly AckBuilder ackBuilder = new();

    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        var outcome = BusContractJson.Deserialize<Hl7Outcome>(message);
        if (!Enum.TryParse<Hl7AckCode>(outcome.AcknowledgmentCode, ignoreCase: false, out var code) || code is not (Hl7AckCode.AA or Hl7AckCode.AE or Hl7AckCode.AR))
        {
            return BusHandlingResult.DeadLetter(BusDeadLetterReasons.MalformedBody,
                $"hl7.outcome for {outcome.ReceivedMessageId} has acknowledgment code '{outcome.AcknowledgmentCode}'; expected AA, AE or AR.");
        }

        var stored = await inbound.FindAsync(outcome.ReceivedMessageId, cancellationToken).ConfigureAwait(false);
        using var scope = EdgeLog.CorrelationScope(logger, stored?.CorrelationId ?? outcome.ReceivedMessageId);
        if (stored is null)
        {
            EdgeLog.OutcomeForUnknownMessage(logger, outcome.ReceivedMessageId, outcome.ControlId);
            return BusHandlingResult.DeadLetter("unknown-message",
                $"No received HL7 message {outcome.ReceivedMessageId} (MSH-10 {outcome.ControlId}) is kept at this site; the application ACK cannot be sent.");
        }

        if (stored.AckMode != AcknowledgementRules.EnhancedMode || stored.OutcomeCode is not null)
        {
            // Original mode: the RIS already has its final ACK. A recorded outcome: this is a redelivery.
            return BusHandlingResult.Complete;
        }

        OutboundItem? ack = null;
        if (AcknowledgementRules.ShouldSend(stored.ApplicationAckType, positive: code == Hl7AckCode.AA))
        {
            var original = Hl7Message.Parse(stored.Body);
            var errors = code == Hl7AckCode.AA
                ? []
                : new[] { new Hl7AckError(ErrorCodeOf(outcome), Hl7Location.Message, outcome.ErrorText ?? "The message could not be processed.") };
            var built = ackBuilder.BuildApplicationAck(original, code, errors);
            ack = new OutboundItem($"ack-{stored.MessageId}", OutboundItem.ApplicationAckKind, built.Header.GetValue(10), built.ToBytes(),
                stored.CorrelationId, time.GetUtcNow());
        }

        if (await inbound.RecordOutcomeAsync(stored.MessageId, code.ToString(), ack, cancellationToken).ConfigureAwait(false) && ack is not null)
        {
            outbound.NotifyAdded();
            counters.Increment(EdgeCounters.ApplicationAcksQueued);
            EdgeLog.ApplicationAckQueued(logger, code.ToString(), stored.ControlId);
        }
        else if (ack is null)
        {
            EdgeLog.ApplicationAckSuppressed(logger, code.ToString(), stored.ControlId, stored.ApplicationAckType);
        }

        return BusHandlingResult.Complete;
    }

    private static Hl7ErrorCode ErrorCodeOf(Hl7Outcome outcome) =>
        int.TryParse(outcome.ErrorCode, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
        && Enum.IsDefined(typeof(Hl7ErrorCode), number)
            ? (Hl7ErrorCode)number
            : Hl7ErrorCode.ApplicationInternalError;
}
