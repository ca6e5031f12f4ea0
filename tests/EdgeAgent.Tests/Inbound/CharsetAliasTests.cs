using System.Globalization;
using System.Text;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Inbound;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Mllp;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.TestSupport;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.EdgeAgent.Tests.Inbound;

/// <summary>
/// Senders that name their character set in MSH-18 the way their platform does (UTF8, ISO-8859-1, LATIN1) instead of
/// by its HL7 table 0211 value, sending through python-hl7's MLLP client to the agent's handler behind a real MLLP server.
/// </summary>
public sealed class CharsetAliasTests
{
    [Fact]
    public async Task Messages_naming_their_charset_by_a_common_alias_are_stored_and_acked_in_that_charset_with_a_warning()
    {
        var python = await PeerTools.RequirePythonModulesAsync("hl7");
        await using var harness = new HandlerHarness();
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var handler = new DurableHl7Handler(harness.Temp.Inbound, harness.Site, harness.Counters, TimeProvider.System,
            loggers.CreateLogger<DurableHl7Handler>());
        await using var server = await StartAsync(handler);
        // (MSH-18 as sent, Python's codec for it, the table 0211 value it means, the .NET encoding of that value)
        var senders = new (string Alias, string Codec, string Standard, Encoding Encoding)[]
        {
            ("UTF8", "utf-8", "UNICODE UTF-8", Encoding.UTF8),
            ("ISO-8859-1", "latin-1", "8859/1", Encoding.Latin1),
            ("latin1", "latin-1", "8859/1", Encoding.Latin1),
        };
        const string script = """
            import sys, hl7.client
            port = int(sys.argv[1])
            for n, (alias, codec) in enumerate(zip(sys.argv[2::2], sys.argv[3::2])):
                message = ("MSH|^~\\&|RIS|CLINIQUE-ÉTÉ|CLOUDRISPACS|CLOUD|20240320071500||ADT^A08^ADT_A01|CS-%d|P|2.5.1||||||%s\r"
                           "EVN|A08|20240320071500\rPID|1||P%d^^^CLINIC^MR||Lefèvre^Zoë||19801231|F\rPV1|1|O\r") % (n, alias, n)
                with hl7.client.MLLPClient("127.0.0.1", port, encoding=codec) as client:
                    response = client.send_message(message)
                    print(response[response.index(b"\x0b") + 1:response.index(b"\x1c")].hex())
            """;
        var arguments = new List<string> { "-c", script, server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture) };
        arguments.AddRange(senders.SelectMany(s => new[] { s.Alias, s.Codec }));

        var result = await ProcessRunner.RunAsync(python, arguments, TimeSpan.FromSeconds(60));
        result.EnsureSuccess("python-hl7 MLLPClient");

        var responses = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Convert.FromHexString).ToList();
        Assert.Equal(senders.Length, responses.Count);
        var stored = await harness.Temp.Outbox.ReadPendingAsync(10);
        Assert.Equal(senders.Length, stored.Count);
        for (var i = 0; i < senders.Length; i++)
        {
            var (alias, _, standard, encoding) = senders[i];
            // The ACK names the table 0211 value and its bytes are in that charset (the sender's own).
            var ack = new AckMessage(Hl7Message.Parse(responses[i]));
            Assert.Equal(("AA", $"CS-{i}"), (ack.AcknowledgmentCode, ack.AcknowledgedControlId));
            Assert.Equal(standard, new MshSegment(ack.Message.Header).CharacterSet);
            Assert.Equal(encoding.GetBytes(ack.Message.ToEr7()), responses[i]);
            Assert.Equal("CLINIQUE-ÉTÉ", ack.Message.Header.GetValue(6));

            var message = Hl7Message.Parse(stored.Single(e => e.Message.Properties[Hl7MessageProperties.ControlId] == $"CS-{i}").Message.Body.Span);
            Assert.Equal("Lefèvre", new PidSegment(message.Segments[2]).PatientName!.FamilyName);
            var warnings = logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.Contains($"'{alias}'", StringComparison.Ordinal)).ToList();
            var warning = Assert.Single(warnings);
            Assert.Contains($"CS-{i}", warning.Message, StringComparison.Ordinal);
            Assert.Contains($"'{standard}'", warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_charset_name_that_is_no_alias_of_a_supported_one_is_still_refused_without_the_alias_warning()
    {
        await using var harness = new HandlerHarness();
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var handler = new DurableHl7Handler(harness.Temp.Inbound, harness.Site, harness.Counters, TimeProvider.System,
            loggers.CreateLogger<DurableHl7Handler>());
        var bytes = Encoding.ASCII.GetBytes("MSH|^~\\&|RIS|CLINIC|X|Y|20240320||ADT^A08|W-1|P|2.5.1||||||windows-1252\rPID|1\r");

        var response = DurableHl7HandlerTests.Ack(await handler.HandleAsync(new MllpMessageContext(bytes, HandlerHarness.Connection, 1), CancellationToken.None));

        Assert.Equal("AR", response.AcknowledgmentCode);
        Assert.Equal(Hl7ErrorCode.TableValueNotFound, Assert.Single(response.Errors).ErrorCode);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("not a table 0211 value", StringComparison.Ordinal));
    }

    private static async Task<MllpServer> StartAsync(IMllpMessageHandler handler)
    {
        var server = new MllpServer(new MllpServerOptions
        {
            EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        }, handler);
        await server.StartAsync(CancellationToken.None);
        return server;
    }
}
