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
}
