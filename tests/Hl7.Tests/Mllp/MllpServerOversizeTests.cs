using System.Net.Sockets;
using System.Text;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Hl7.Tests.Mllp;

/// <summary>A frame over the size limit is never handed over whole, but the handler is told of it before the NAK goes out.</summary>
public sealed class MllpServerOversizeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static readonly byte[] Big = Encoding.ASCII.GetBytes(
        "MSH|^~\\&|RIS|CLINIC|C|D|20240101||ORU^R01|BIG1|P|2.5\rOBX|1|TX|||" + new string('x', 3000) + "\r");

    [Fact]
    public async Task The_handler_is_told_of_an_oversize_frame_with_its_head_size_and_limit_before_the_nak()
    {
        var handler = new RecordingHandler();
        // A slow handler: were the NAK sent first, the sender would read it while this is still false.
        var told = false;
        handler.OnOversize = async _ =>
        {
            await Task.Delay(300);
            told = true;
        };
        await using var server = await MllpServerClientTests.StartAsync(handler, o => o.MaxMessageSize = 2000);

        var nak = await SendAsync(server);

        Assert.Equal(("AE", "BIG1"), (nak.AcknowledgmentCode, nak.AcknowledgedControlId));
        Assert.True(told);
        var frame = Assert.Single(handler.Oversize);
        Assert.Equal(Big.AsSpan(0, MllpFrameReader.OversizeHeadLength).ToArray(), frame.Head.ToArray());
        Assert.Equal(2000, frame.MaxMessageSize);
        Assert.True(frame.Length > 2000);
        Assert.Equal(server.LocalEndPoint.Port, frame.Connection.LocalEndPoint.Port);
        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task An_oversize_frame_the_handler_could_not_record_is_answered_AR_so_the_sender_may_resend()
    {
        var handler = new RecordingHandler { OnOversize = _ => throw new InvalidOperationException("disk full") };
        await using var server = await MllpServerClientTests.StartAsync(handler, o => o.MaxMessageSize = 2000);

        var nak = await SendAsync(server);

        Assert.Equal(("AR", "BIG1"), (nak.AcknowledgmentCode, nak.AcknowledgedControlId));
        Assert.Equal(Hl7ErrorCode.ValueTooLong, nak.Errors.Single().ErrorCode);
    }

    private static async Task<AckMessage> SendAsync(MllpServer server)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        await stream.WriteAsync(MllpFrameWriter.Frame(Big));
        var frames = await MllpServerClientTests.ReadFramesAsync(stream, 1).WaitAsync(Guard);
        return new AckMessage(Hl7Message.Parse(Assert.Single(frames)));
    }
}
