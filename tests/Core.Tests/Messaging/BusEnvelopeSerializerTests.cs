using System.Text;
using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Core.Tests.Messaging;

public sealed class BusEnvelopeSerializerTests
{
    private const string Minimal =
        """{"v":1,"messageId":"MSG0001","kind":"hl7.received","sessionKey":"clinic-a/PAT1","createdAt":"2026-11-27T12:00:00.0000000+00:00","body":"TVNIfF5+XCY="}""";

    [Fact]
    public void The_documented_layout_is_read()
    {
        var envelope = BusEnvelopeSerializer.Deserialize(Minimal);

        Assert.Equal("MSG0001", envelope.Message.MessageId);
        Assert.Equal(BusMessageKinds.Hl7Received, envelope.Message.Kind);
        Assert.Equal("clinic-a/PAT1", envelope.Message.SessionKey);
        Assert.Equal("MSH|^~\\&", Encoding.ASCII.GetString(envelope.Message.Body.Span));
        Assert.Equal("application/octet-stream", envelope.Message.ContentType);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), envelope.Message.CreatedAt);
        Assert.Null(envelope.BodyClaim);
    }

    [Fact]
    public void Unknown_members_are_ignored_and_an_invalid_trace_context_is_dropped()
    {
        var text = Minimal.Replace("\"v\":1,", "\"v\":1,\"future\":{\"x\":[1,2]},\"traceparent\":\"garbage\",\"tracestate\":\"a=b\",", StringComparison.Ordinal);

        var message = BusEnvelopeSerializer.Deserialize(text).Message;

        Assert.Null(message.TraceParent);
        Assert.Null(message.TraceState);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"v\":2}", "version 2 is not supported")]
    [InlineData("{\"messageId\":\"x\"}", "no integer version")]
    [InlineData("{\"v\":1,\"kind\":\"a\",\"sessionKey\":\"s\",\"createdAt\":\"2026-01-01T00:00:00Z\"}", "no 'messageId'")]
    [InlineData("{\"v\":1,\"messageId\":\"m\",\"kind\":\"Bad Kind\",\"sessionKey\":\"s\",\"createdAt\":\"2026-01-01T00:00:00Z\"}", "Kind 'Bad Kind'")]
    [InlineData("{\"v\":1,\"messageId\":\"m\",\"kind\":\"a\",\"sessionKey\":\"s\",\"createdAt\":\"yesterday\"}", "not an ISO 8601")]
    [InlineData("{\"v\":1,\"messageId\":\"m\",\"kind\":\"a\",\"sessionKey\":\"s\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"body\":\"***\"}", "not valid base64")]
    [InlineData("{\"v\":1,\"messageId\":\"m\",\"kind\":\"a\",\"sessionKey\":\"s\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"body\":\"\",\"bodyClaim\":{}}", "both 'body' and 'bodyClaim'")]
    [InlineData("{\"v\":1,\"messageId\":\"m\",\"kind\":\"a\",\"sessionKey\":\"s\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"bodyClaim\":{\"blob\":\"../x\",\"length\":1,\"sha256\":\"00\"}}", "plain relative blob name")]
    [InlineData("{\"v\":1,\"messageId\":\"m\",\"kind\":\"a\",\"sessionKey\":\"s\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"properties\":{\"kind\":\"x\"}}", "reserved")]
    [InlineData("{\"v\":1,\"v\":1}", "not valid JSON")]
    [InlineData("{\"v\":1,", "not valid JSON")]
    public void Broken_envelopes_are_refused_with_the_reason(string text, string expected)
    {
        var error = Assert.Throws<BusEnvelopeFormatException>(() => BusEnvelopeSerializer.Deserialize(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(BusEnvelopeSerializer.TryDeserialize(Encoding.UTF8.GetBytes(text), out _, out var problem));
        Assert.Equal(error.Message, problem);
    }

    [Fact]
    public void Input_above_the_size_limit_is_refused_before_parsing()
    {
        var error = Assert.Throws<BusEnvelopeFormatException>(() => BusEnvelopeSerializer.Deserialize(Minimal, maxBytes: 50));

        Assert.Contains("at most 50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_refuses_an_invalid_message()
    {
        var message = new BusMessage { MessageId = "m", Kind = "hl7.received", SessionKey = "s", TraceParent = "not-a-trace" };

        var error = Assert.Throws<ArgumentException>(() => BusEnvelopeSerializer.Serialize(message));

        Assert.Contains("TraceParent", error.Message, StringComparison.Ordinal);
    }
}
