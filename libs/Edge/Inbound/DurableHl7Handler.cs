using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Edge.Worklist;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Mllp;
using CloudRisPacs.Hl7.Validation;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Inbound;

/// <summary>
/// The MLLP server's handler: parse, validate, commit to the durable store (outbox + duplicate record, group-committed
/// and fsync'd), and only then acknowledge. Valid messages get AA (CA in enhanced mode, when MSH-15 asks for it);
/// unreadable or invalid ones get AR/AE (CR/CE) with ERR segments and are stored as <c>hl7.rejected</c> so the cloud
/// shows them as exceptions. A message already stored (same sender, MSH-10 and bytes) is acknowledged again and not
/// forwarded a second time. If the store fails, the exception reaches the MLLP server, which answers with a NAK.
/// A batch (FHS/BHS) is checked as a whole, then each of its messages is handled like a single one and the answer is a
/// batch of their acknowledgements; a corrupt batch (broken envelope, BTS/FTS counts that disagree) is refused whole.
/// A frame over the size limit never reaches <see cref="HandleAsync"/>: the server tells <see cref="OversizeAsync"/>,
/// which records it as rejected too.
/// </summary>
public sealed class DurableHl7Handler : IMllpMessageHandler
{
    private readonly InboundHl7Store store;
    private readonly EdgeSite site;
    private readonly EdgeCounters counters;
    private readonly TimeProvider time;
    private readonly ILogger<DurableHl7Handler> logger;
    private readonly AckBuilder ackBuilder = new();
    private readonly Hl7BatchAckWriter batchAckWriter = new();
    private readonly Hl7BatchReaderOptions batchOptions = new();
    private readonly Hl7ParseOptions parseOptions;

    public DurableHl7Handler(InboundHl7Store store, EdgeSite site, EdgeCounters counters, TimeProvider time,
        ILogger<DurableHl7Handler> logger, int maxMessageBytes = 4 * 1024 * 1024)
    {
        this.store = store;
        this.site = site;
        this.counters = counters;
        this.time = time;
        this.logger = logger;
        parseOptions = new Hl7ParseOptions { MaxMessageLength = maxMessageBytes };
    }

    public async ValueTask<ReadOnlyMemory<byte>> HandleAsync(MllpMessageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Hl7BatchReader.IsBatch(context.Message.Span))
        {
            return await HandleBatchAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var correlationId = BusMessage.NewId();
        using var activity = EdgeTracing.Source.StartActivity("hl7 receive");
        using var scope = EdgeLog.ConnectionScope(logger, correlationId, context.Connection.ConnectionId, context.Connection.RemoteEndPoint.ToString());
        return await HandleMessageAsync(context, context.Message, correlationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A frame the MLLP server refused for its size is stored as <c>hl7.rejected</c> like any refused message, so the
    /// cloud lists it; its head is all the server kept, so that is the body, and the reason names the size and the limit.
    /// </summary>
    public async ValueTask OversizeAsync(MllpOversizeFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var correlationId = BusMessage.NewId();
        using var activity = EdgeTracing.Source.StartActivity("hl7 oversize");
        using var scope = EdgeLog.ConnectionScope(logger, correlationId, frame.Connection.ConnectionId, frame.Connection.RemoteEndPoint.ToString());
        var facts = Hl7BatchReader.IsBatch(frame.Head.Span) ? Hl7InboundFacts.SalvageBatch(frame.Head.Span) : Hl7InboundFacts.Salvage(frame.Head.Span);
        var reason = $"The message exceeds the maximum size of {frame.MaxMessageSize} bytes ({frame.Length} bytes received before it was refused); "
            + $"only its first {frame.Head.Length} bytes are kept.";
        await RecordRejectedAsync(frame.Connection, frame.Head, facts, correlationId, reason, cancellationToken).ConfigureAwait(false);
        EdgeLog.Hl7Oversize(logger, facts.ControlId, frame.MaxMessageSize, frame.Length);
    }

    // A batch is checked as a whole first (HL7: a receiver makes sure a batch is not corrupt before acting on any of
    // it); then each message goes the way a single one does, and the answer is a batch of their acknowledgements.
    private async ValueTask<ReadOnlyMemory<byte>> HandleBatchAsync(MllpMessageContext context, CancellationToken cancellationToken)
    {
        var correlationId = BusMessage.NewId();
        using var activity = EdgeTracing.Source.StartActivity("hl7 batch receive");
        using var scope = EdgeLog.ConnectionScope(logger, correlationId, context.Connection.ConnectionId, context.Connection.RemoteEndPoint.ToString());
        Hl7Batch batch;
        try
        {
            batch = Hl7BatchReader.Read(context.Message, batchOptions);
        }
        catch (Hl7ParseException ex)
        {
            var facts = Hl7InboundFacts.SalvageBatch(context.Message.Span);
            await RecordRejectedAsync(context.Connection, context.Message, facts, correlationId, ex.Message, cancellationToken).ConfigureAwait(false);
            EdgeLog.Hl7BatchRefused(logger, facts.ControlId, ex.Message);
            return batchAckWriter.Reject(context.Message.Span, ex);
        }

        var acknowledgements = new List<ReadOnlyMemory<byte>>(batch.MessageCount);
        foreach (var message in batch.Messages)
        {
            acknowledgements.Add(await HandleMessageAsync(context, message, BusMessage.NewId(), cancellationToken).ConfigureAwait(false));
        }

        var controlId = (batch.Sections.Count > 0 ? batch.Sections[0].Header?.ControlId : null) ?? batch.FileHeader?.ControlId ?? string.Empty;
        EdgeLog.Hl7BatchReceived(logger, controlId, batch.Sections.Count, batch.MessageCount);
        return batchAckWriter.Acknowledge(batch, acknowledgements);
    }

    private async ValueTask<ReadOnlyMemory<byte>> HandleMessageAsync(MllpMessageContext context, ReadOnlyMemory<byte> bytes, string correlationId,
        CancellationToken cancellationToken)
    {
        Hl7Message message;
        try
        {
            message = Hl7Message.Parse(bytes.Span, parseOptions);
        }
        catch (Hl7ParseException ex)
        {
            var facts = Hl7InboundFacts.Salvage(bytes.Span);
            var nak = ackBuilder.BuildNak(bytes.Span, ex);
            await RecordRejectedAsync(context.Connection, bytes, facts, correlationId, ex.Message, cancellationToken).ConfigureAwait(false);
            EdgeLog.Hl7Unreadable(logger, facts.ControlId, ex.Message);
            return Respond(facts.AcceptAckType, positive: false, nak);
        }

        var inbound = Hl7InboundFacts.From(message);
        if (message.CharsetAlias is { } alias)
        {
            EdgeLog.Hl7CharsetAlias(logger, inbound.ControlId, inbound.Sender, alias, message.Charset.Name);
        }

        var validation = Hl7Validator.Validate(message);
        if (validation.Outcome != Hl7AckOutcome.Accepted)
        {
            var errors = validation.Errors.Select(issue => issue.ToAckError()).ToList();
            var nak = ackBuilder.Acknowledge(message, validation.Outcome, errors);
            var reason = string.Join("; ", validation.Errors.Select(issue => issue.ToString()));
            await RecordRejectedAsync(context.Connection, bytes, inbound, correlationId, reason, cancellationToken).ConfigureAwait(false);
            EdgeLog.Hl7Invalid(logger, inbound.ControlId, inbound.MessageType, reason);
            return Respond(inbound.AcceptAckType, positive: false, nak);
        }

        var record = CreateRecord(context.Connection, bytes, inbound, correlationId, BusMessageKinds.Hl7Received, accepted: true, reason: null)
            with { WorklistChange = LocalWorklistMarksReader.Read(message) };
        var (messageId, duplicate) = await store.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        if (duplicate)
        {
            counters.Increment(EdgeCounters.Hl7Duplicates);
            EdgeLog.Hl7Duplicate(logger, inbound.ControlId, messageId);
        }
        else
        {
            counters.Increment(EdgeCounters.Hl7Accepted);
            EdgeLog.Hl7Stored(logger, inbound.ControlId, inbound.MessageType, messageId);
        }

        return Respond(inbound.AcceptAckType, positive: true, ackBuilder.Acknowledge(message, Hl7AckOutcome.Accepted));
    }

    private static ReadOnlyMemory<byte> Respond(string acceptAckType, bool positive, Hl7Message ack) =>
        AcknowledgementRules.ShouldSend(acceptAckType, positive) ? ack.ToBytes() : ReadOnlyMemory<byte>.Empty;

    private async Task RecordRejectedAsync(MllpConnectionInfo connection, ReadOnlyMemory<byte> bytes, Hl7InboundFacts facts, string correlationId,
        string reason, CancellationToken cancellationToken)
    {
        var record = CreateRecord(connection, bytes, facts, correlationId, BusMessageKinds.Hl7Rejected, accepted: false, reason);
        var (_, duplicate) = await store.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        counters.Increment(duplicate ? EdgeCounters.Hl7Duplicates : EdgeCounters.Hl7Rejected);
    }

    private InboundHl7Record CreateRecord(MllpConnectionInfo connection, ReadOnlyMemory<byte> bytes, Hl7InboundFacts facts, string correlationId,
        string kind, bool accepted, string? reason)
    {
        var peer = connection.RemoteEndPoint.Address.ToString();
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Hl7MessageProperties.ControlId] = PropertyText.Clean(facts.ControlId),
            [Hl7MessageProperties.Sender] = PropertyText.Clean(facts.Sender),
            [Hl7MessageProperties.MessageType] = PropertyText.Clean(facts.MessageType),
            [Hl7MessageProperties.AcknowledgementMode] = facts.AckMode,
            [Hl7MessageProperties.Peer] = peer,
        };
        if (reason is not null)
        {
            properties[Hl7MessageProperties.RejectionReason] = PropertyText.Clean(reason);
        }

        var now = time.GetUtcNow();
        var message = new BusMessage
        {
            MessageId = facts.MessageIdFor(site.Tenant.Value, bytes.Span),
            Kind = kind,
            SessionKey = site.SessionFor(facts.PatientId),
            CorrelationId = correlationId,
            TraceParent = EdgeTracing.CurrentOrNewTraceParent(),
            ClaimedTenant = site.Tenant.Value,
            SourceSite = site.SiteId,
            CreatedAt = now,
            ContentType = Hl7MessageProperties.Er7ContentType,
            Body = bytes.ToArray(),
            Properties = properties,
        };
        return new InboundHl7Record(message, facts.ControlId, facts.Sender, facts.AckMode,
            facts.ApplicationAckType, accepted, peer, now);
    }
}
