using System.Text;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Validation;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// Handles <see cref="BusMessageKinds.Hl7Received"/>: the body is the raw ER7 the edge stored. Routes ADT A01/A04/A08/A31
/// to <see cref="AdtIngestor"/>, A40, A34, A18 and A47 to <see cref="MergeProcessor"/>, ORM^O01 and OMI^O23 to <see cref="OrderIngestor"/>.
/// A message that cannot be applied becomes an exception with its reason and raw text (and an AE/AR outcome in enhanced
/// acknowledgement mode); after the commit the worklist changes go to the tenant's edge channel, patient data to the
/// studies, and studies that were waiting for an order are reconciled.
/// </summary>
public sealed partial class Hl7IngestionHandler(PipelineServices services) : IBusMessageHandler
{
    private readonly OrderIngestor orders = new(services);
    private readonly AdtIngestor adt = new(services);
    private readonly SettledCollisions collisions = new(services);
    private readonly MergeProcessor merges = new(services);
    private readonly ILogger logger = services.Context.Loggers.CreateLogger<Hl7IngestionHandler>();

    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var policy = await services.Context.PolicyAsync(delivery.Tenant, cancellationToken).ConfigureAwait(false);
        Hl7Message hl7;
        try
        {
            hl7 = Hl7Message.Parse(message.Body.Span);
        }
        catch (Hl7ParseException ex)
        {
            var raw = Encoding.Latin1.GetString(message.Body.Span);
            var inbound = new Hl7Inbound(policy, message, Hl7Message.Create(), raw);
            await services.RecordRejectionAsync(inbound, ExceptionKinds.RejectedMessage, $"The message does not parse: {ex.Message}", null, null, cancellationToken)
                .ConfigureAwait(false);
            await PublishOutcomeAsync(delivery, message, message.Properties.GetValueOrDefault(Hl7MessageProperties.ControlId) ?? string.Empty, "AR",
                ((int)ex.ErrorCode).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, cancellationToken).ConfigureAwait(false);
            return BusHandlingResult.Complete;
        }

        var received = new Hl7Inbound(policy, message, hl7, hl7.ToEr7());
        try
        {
            var validation = Hl7Validator.Validate(hl7);
            if (validation.Outcome == Hl7.Ack.Hl7AckOutcome.Rejected)
            {
                throw new Hl7RejectionException("The message is invalid: " + string.Join("; ", validation.Issues.Select(i => i.ToString())), "200");
            }

            var outcome = await IngestAsync(received, cancellationToken).ConfigureAwait(false);
            await AfterCommitAsync(received, outcome, cancellationToken).ConfigureAwait(false);
            await PublishOutcomeAsync(delivery, message, received.ControlId, "AA", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Hl7RejectionException rejection)
        {
            LogRejected(logger, message.MessageId, delivery.Tenant.Value, rejection.Message);
            var patientId = hl7.FindSegment("PID") is { } pidSegment && new Hl7.Segments.PidSegment(pidSegment).PatientIdentifiers is { Count: > 0 } ids ? ids[0].Id : null;
            await services.RecordRejectionAsync(received, rejection.Kind, rejection.Message, rejection.AccessionNumber, patientId, cancellationToken)
                .ConfigureAwait(false);
            await PublishOutcomeAsync(delivery, message, received.ControlId, rejection.ErrorCode.StartsWith('2') && rejection.ErrorCode != "207" ? "AR" : "AE",
                rejection.ErrorCode, rejection.Message, cancellationToken).ConfigureAwait(false);
        }

        return BusHandlingResult.Complete;
    }

    private Task<IngestionOutcome> IngestAsync(Hl7Inbound inbound, CancellationToken cancellationToken)
    {
        var header = new Hl7.Segments.MshSegment(inbound.Hl7.Header);
        var type = header.MessageType;
        return (type?.MessageCode, type?.TriggerEvent) switch
        {
            // A34 and A18 (merge, older versions) and A47 (identifier change) say what A40 says: MRG-1 becomes PID-3.
            ("ADT", "A40" or "A34" or "A18" or "A47") => merges.IngestAsync(inbound, cancellationToken),
            ("ADT", "A01" or "A04" or "A08" or "A31") => adt.IngestAsync(inbound, cancellationToken),
            ("ORM", "O01") or ("OMI", "O23") => orders.IngestAsync(inbound, cancellationToken),
            _ => throw new Hl7RejectionException($"Message type '{inbound.MessageType}' is not processed by the cloud pipeline.", "200"),
        };
    }

    private async Task AfterCommitAsync(Hl7Inbound inbound, IngestionOutcome outcome, CancellationToken cancellationToken)
    {
        var tenant = inbound.Tenant;
        await services.Worklist.PublishAsync(tenant, inbound.MessageId, inbound.Message.SessionKey, outcome.ChangedSteps, inbound.Message.CorrelationId,
            cancellationToken).ConfigureAwait(false);
        foreach (var (patientKey, patient, studyUid) in outcome.StudiesToPropagate)
        {
            await services.StudyPatients.RefreshAsync(tenant, studyUid, patientKey, patient, "demographics", inbound.MessageId, cancellationToken)
                .ConfigureAwait(false);
        }

        foreach (var (accession, studyUid) in outcome.StudiesAwaitingOrder)
        {
            var result = await services.Reconciler.ReconcileAsync(inbound.Policy, studyUid, cancellationToken).ConfigureAwait(false);
            await services.Exceptions.RaiseOnceAsync(tenant, new ExceptionRecord
            {
                Id = ExceptionStore.IdFor(ExceptionKinds.OrderAfterImages, $"{accession}|{studyUid}"),
                Kind = ExceptionKinds.OrderAfterImages,
                Status = result.Linked.Count > 0 ? ExceptionStatus.Resolved : ExceptionStatus.Open,
                Reason = $"The order for accession '{accession}' arrived after study {studyUid} was stored; reconciliation: {result.State}" +
                         (result.Problems.Count > 0 ? $" ({string.Join("; ", result.Problems)})" : string.Empty) + ".",
                MessageId = inbound.MessageId,
                AccessionNumber = accession,
                StudyInstanceUid = studyUid,
                Resolution = result.Linked.Count > 0 ? "Reconciled automatically when the order arrived." : null,
                ResolvedBy = result.Linked.Count > 0 ? "system" : null,
                ResolvedAt = result.Linked.Count > 0 ? services.Context.Now : null,
            }, cancellationToken).ConfigureAwait(false);
        }

        await collisions.ResolveAsync(tenant, inbound, outcome, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishOutcomeAsync(BusDelivery delivery, BusMessage received, string controlId, string code, string? errorCode, string? errorText,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(received.Properties.GetValueOrDefault(Hl7MessageProperties.AcknowledgementMode), "enhanced", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var body = new Hl7Outcome
        {
            ReceivedMessageId = received.MessageId,
            ControlId = controlId,
            AcknowledgmentCode = code,
            ErrorCode = errorCode,
            ErrorText = errorText is { Length: > 200 } ? errorText[..200] : errorText,
        };
        await services.Context.Publisher.PublishAsync(BusChannel.Edge(delivery.Tenant), new BusMessage
        {
            MessageId = $"{received.MessageId}-outcome",
            Kind = BusMessageKinds.Hl7Outcome,
            SessionKey = received.SessionKey,
            CorrelationId = received.CorrelationId ?? controlId,
            ClaimedTenant = delivery.Tenant.Value,
            ContentType = BusContractJson.ContentType,
            Body = BusContractJson.Serialize(body),
        }.WithCurrentTraceContext(), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "HL7 message {MessageId} of tenant {Tenant} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string messageId, string tenant, string reason);
}
