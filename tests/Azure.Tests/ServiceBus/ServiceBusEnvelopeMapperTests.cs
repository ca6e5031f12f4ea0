using Azure.Messaging.ServiceBus;
using CloudRisPacs.Azure.ServiceBus;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tests.Messaging;
using FsCheck.Xunit;

namespace CloudRisPacs.Azure.Tests.ServiceBus;

/// <summary>The envelope ↔ Service Bus message mapping, checked with the SDK's model factory.</summary>
public sealed class ServiceBusEnvelopeMapperTests
{
    private static readonly BusMessage Message = new()
    {
        MessageId = "MSG0001",
        Kind = BusMessageKinds.Hl7Received,
        SessionKey = "clinic-a/PAT1",
        CorrelationId = "corr-1",
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        TraceState = "vendor=1",
        ClaimedTenant = "clinic-a",
        SourceSite = "site-1",
        CreatedAt = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.FromHours(1)),
        ContentType = "x-application/hl7-v2+er7",
        Body = "MSH|^~\\&|RIS"u8.ToArray(),
        Properties = new Dictionary<string, string> { ["mllp.peer"] = "10.0.0.5" },
    };

    /// <summary>What the broker hands back for a sent message.</summary>
    internal static ServiceBusReceivedMessage Received(ServiceBusMessage sent, int deliveryCount = 1, long sequenceNumber = 42) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body,
            messageId: sent.MessageId,
            sessionId: sent.SessionId,
            correlationId: sent.CorrelationId,
            subject: sent.Subject,
            contentType: sent.ContentType,
            properties: new Dictionary<string, object>(sent.ApplicationProperties),
            deliveryCount: deliveryCount,
            sequenceNumber: sequenceNumber,
            enqueuedTime: new DateTimeOffset(2026, 11, 27, 12, 0, 1, TimeSpan.Zero));

    [Fact]
    public void The_envelope_maps_to_native_fields_and_application_properties()
    {
        var sent = ServiceBusEnvelopeMapper.ToServiceBusMessage(Message);

        Assert.Equal("MSG0001", sent.MessageId);
        Assert.Equal("clinic-a/PAT1", sent.SessionId);
        Assert.Equal("corr-1", sent.CorrelationId);
        Assert.Equal(BusMessageKinds.Hl7Received, sent.Subject);
        Assert.Equal("x-application/hl7-v2+er7", sent.ContentType);
        Assert.Equal(Message.Body.ToArray(), sent.Body.ToArray());
        Assert.Equal(BusMessageKinds.Hl7Received, sent.ApplicationProperties["kind"]);
        Assert.Equal(Message.TraceParent, sent.ApplicationProperties["traceparent"]);
        Assert.Equal("vendor=1", sent.ApplicationProperties["tracestate"]);
        Assert.Equal("clinic-a", sent.ApplicationProperties["claimed-tenant"]);
        Assert.Equal("site-1", sent.ApplicationProperties["source-site"]);
        Assert.Equal("2026-11-27T12:00:00.0000000+01:00", sent.ApplicationProperties["created-at"]);
        Assert.Equal("10.0.0.5", sent.ApplicationProperties["mllp.peer"]);
        Assert.False(sent.ApplicationProperties.ContainsKey("claim-check"));
    }

    [Property(Arbitrary = [typeof(BusMessageGenerators.Arbitraries)], MaxTest = 300)]
    public bool Every_valid_message_survives_the_broker(BusMessage message)
    {
        var ok = ServiceBusEnvelopeMapper.TryFromReceived(Received(ServiceBusEnvelopeMapper.ToServiceBusMessage(message)), out var envelope, out _);

        return ok && envelope!.BodyClaim is null && envelope.Message.Equals(message);
    }

    [Fact]
    public void A_claim_travels_as_a_property_and_the_body_stays_behind()
    {
        var claim = new BusBodyClaim("edge-clinic-a/2026/11/27/MSG0001-x", 300_000, new string('c', 64));

        var sent = ServiceBusEnvelopeMapper.ToServiceBusMessage(Message, claim);
        Assert.True(ServiceBusEnvelopeMapper.TryFromReceived(Received(sent), out var envelope, out _));

        Assert.Equal(0, sent.Body.ToMemory().Length);
        Assert.Equal(claim, envelope!.BodyClaim);
        Assert.Equal(Message with { Body = ReadOnlyMemory<byte>.Empty }, envelope.Message);
    }

    [Fact]
    public void Reading_is_tolerant_of_foreign_properties_and_a_bad_trace_context()
    {
        var sent = ServiceBusEnvelopeMapper.ToServiceBusMessage(Message);
        sent.ApplicationProperties["traceparent"] = "not-a-trace";
        sent.ApplicationProperties["retry count"] = "3";
        sent.ApplicationProperties["Priority"] = 5;
        sent.ApplicationProperties["Diagnostic-Id"] = "00-abc";

        Assert.True(ServiceBusEnvelopeMapper.TryFromReceived(Received(sent), out var envelope, out _));

        Assert.Null(envelope!.Message.TraceParent);
        Assert.Null(envelope.Message.TraceState);
        Assert.Equal("5", envelope.Message.Properties["Priority"]);
        Assert.False(envelope.Message.Properties.ContainsKey("retry count"));
        Assert.False(envelope.Message.Properties.ContainsKey("Diagnostic-Id"));
    }

    [Theory]
    [InlineData("no-session", "SessionId")]
    [InlineData("bad-kind", "Kind 'Not A Kind'")]
    [InlineData("bad-claim", "Claim-check hash")]
    public void A_message_that_is_no_envelope_is_refused_with_the_reason(string breakage, string expected)
    {
        var sent = ServiceBusEnvelopeMapper.ToServiceBusMessage(Message);
        switch (breakage)
        {
            case "no-session":
                sent.SessionId = null;
                break;
            case "bad-kind":
                sent.ApplicationProperties["kind"] = "Not A Kind";
                break;
            default:
                sent.ApplicationProperties["claim-check"] = "12:nothex:blob";
                break;
        }

        Assert.False(ServiceBusEnvelopeMapper.TryFromReceived(Received(sent), out var envelope, out var problem));
        Assert.Null(envelope);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
