using System.Text;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Mllp;
using CloudRisPacs.Hl7.Tests.Corpus;
using CloudRisPacs.Hl7.Tests.Mllp;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Hl7.Tests.Interop;

/// <summary>python-hl7's <c>mllp_send</c> sends a file of messages to our server; every message arrives intact and its ACK echoes MSH-10.</summary>
public sealed class MllpSendInteropTests
{
    [Fact]
    public async Task Every_message_sent_by_mllp_send_arrives_intact_and_is_acked_with_its_control_id()
    {
        var mllpSend = PeerTools.Require("mllp_send");
        var originals = CorpusFiles.All
            .Select(File.ReadAllBytes)
            .Select(bytes => Hl7Message.Parse(bytes))
            .Where(m => m.Charset != Hl7Charset.Default || m.ToEr7().All(char.IsAscii))
            .Select(m => m.ToBytes())
            .ToList();
        Assert.True(originals.Count >= 9);

        var handler = new RecordingHandler();
        await using var server = await MllpServerClientTests.StartAsync(handler);
        var file = Path.Combine(Path.GetTempPath(), $"mllp-send-{Guid.NewGuid():N}.hl7");
        await File.WriteAllBytesAsync(file, originals.SelectMany(m => MllpFrameWriter.Frame(m)).ToArray());
        try
        {
            var result = await ProcessRunner.RunAsync(mllpSend, ["-p", server.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", file, "127.0.0.1"], TimeSpan.FromSeconds(60));
            result.EnsureSuccess("mllp_send");

            // mllp_send strips the final CR of each message (it trims the frame); everything else arrives as sent.
            var received = handler.Received.Select(r => r.Message.ToArray()).ToList();
            Assert.Equal(originals.Count, received.Count);
            for (var i = 0; i < originals.Count; i++)
            {
                Assert.Equal(originals[i].AsSpan(0, originals[i].Length - 1).ToArray(), received[i]);
                Assert.True(Hl7Message.Parse(received[i]).ContentEquals(Hl7Message.Parse(originals[i])));
            }

            // mllp_send prints each response it got; each must be an ACK of the message in the same position.
            var acks = result.StandardOutput.Split('\u000b', StringSplitOptions.RemoveEmptyEntries)
                .Select(chunk => chunk[..chunk.IndexOf('\u001c', StringComparison.Ordinal)])
                .Select(text => new AckMessage(Hl7Message.Parse(text)))
                .ToList();
            Assert.Equal(originals.Count, acks.Count);
            for (var i = 0; i < originals.Count; i++)
            {
                var sentId = Hl7Message.Parse(originals[i]).Header.GetValue(10);
                Assert.Equal(sentId, acks[i].AcknowledgedControlId);
                Assert.Contains(acks[i].AcknowledgmentCode, new[] { "AA", "CA" });
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_vertical_tab_in_free_text_sent_by_python_hl7_arrives_whole_and_is_acked()
    {
        var python = await PeerTools.RequirePythonModulesAsync("hl7");
        var handler = new RecordingHandler();
        await using var server = await MllpServerClientTests.StartAsync(handler);
        const string script = """
            import sys, hl7.client
            message = b"MSH|^~\\&|RIS|F|E|S|20240101||ORM^O01|VT-1|P|2.5\rNTE|1||line one\x0bline two\r"
            with hl7.client.MLLPClient("127.0.0.1", int(sys.argv[1])) as client:
                sys.stdout.write(client.send_message(message).decode("ascii"))
            """;
        var result = await ProcessRunner.RunAsync(python, ["-c", script, server.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(60));
        result.EnsureSuccess("python-hl7 MLLPClient");

        var received = Assert.Single(handler.Received);
        Assert.Equal("MSH|^~\\&|RIS|F|E|S|20240101||ORM^O01|VT-1|P|2.5\rNTE|1||line one\u000bline two\r", Encoding.ASCII.GetString(received.Message.Span));
        var response = result.StandardOutput;
        var ack = new AckMessage(Hl7Message.Parse(response[(response.IndexOf('\u000b', StringComparison.Ordinal) + 1)..response.IndexOf('\u001c', StringComparison.Ordinal)]));
        Assert.Equal("VT-1", ack.AcknowledgedControlId);
    }
}
