using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Hl7.Tests.Mllp;

/// <summary>
/// The client acknowledges the receiving system's answer at once as it reads it (Linux TCP_QUICKACK): a RIS that writes
/// its ACK frame in pieces with Nagle's algorithm on would otherwise wait for our delayed acknowledgement (up to 40 ms)
/// before each later piece, for every message we send it.
/// </summary>
public sealed class MllpClientQuickAckTests
{
    [Fact]
    public async Task Reading_an_acknowledgement_written_in_pieces_acknowledges_at_once()
    {
        Assert.True(OperatingSystem.IsLinux(), "TCP_QUICKACK is Linux's; the edge agent's supported platform");
        using var listener = LoopbackSockets.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        await using var client = new MllpClient(new MllpClientOptions { Host = "127.0.0.1", Port = port, ResponseTimeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 });
        var ris = AnswerInPiecesAsync(listener, messages: 6);

        for (var i = 1; i <= 6; i++)
        {
            var result = await client.SendAsync(Encoding.ASCII.GetBytes($"MSH|^~\\&|EDGE|CLINIC|RIS|HOSP|20260101||ORU^R01|Q{i}|P|2.5\r"), CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(result.IsAccepted && result.ControlIdMatches);
            Assert.Equal(1, LoopbackSockets.QuickAck(client.Socket!));
        }

        await ris.WaitAsync(TimeSpan.FromSeconds(30));
    }

    // A receiving system with Nagle on that answers each frame in three writes: start block, ACK message, end block.
    private static async Task AnswerInPiecesAsync(Socket listener, int messages)
    {
        using var ris = await listener.AcceptAsync();
        ris.NoDelay = false;
        var buffer = new byte[4096];
        for (var i = 1; i <= messages; i++)
        {
            var frame = new List<byte>();
            while (frame.Count < 2 || frame[^2] != 0x1C)
            {
                var read = await ris.ReceiveAsync(buffer);
                Assert.True(read > 0, "the client closed before its message was complete");
                frame.AddRange(buffer.AsSpan(0, read).ToArray());
            }

            await ris.SendAsync(new byte[] { 0x0B });
            await ris.SendAsync(Encoding.ASCII.GetBytes($"MSH|^~\\&|RIS|HOSP|EDGE|CLINIC|20260101||ACK^R01|A{i}|P|2.5\rMSA|AA|Q{i}\r"));
            await ris.SendAsync(new byte[] { 0x1C, 0x0D });
        }
    }
}
