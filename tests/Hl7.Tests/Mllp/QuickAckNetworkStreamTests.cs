using System.Net;
using System.Net.Sockets;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Hl7.Tests.Mllp;

/// <summary>
/// The MLLP connection's stream acknowledges what it reads at once (Linux TCP_QUICKACK), so that a sender with Nagle's
/// algorithm on, writing a frame in pieces, does not wait for the kernel's delayed acknowledgement (40 ms) per piece.
/// </summary>
public sealed class QuickAckNetworkStreamTests
{
    [Fact]
    public async Task After_a_read_the_socket_acknowledges_at_once_even_in_an_exchange()
    {
        Assert.True(OperatingSystem.IsLinux(), "TCP_QUICKACK is Linux's; the edge agent's supported platform");
        using var listener = LoopbackSockets.Listen();
        using var sender = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = false };
        await sender.ConnectAsync(listener.LocalEndPoint!);
        var accepted = await listener.AcceptAsync();
        await using var stream = new QuickAckNetworkStream(accepted);
        var buffer = new byte[64];

        // Request/response rounds, as MLLP goes: the kernel takes the connection for interactive and delays ACKs.
        for (var i = 0; i < 8; i++)
        {
            await sender.SendAsync(new byte[] { 0x0B, 0x41, 0x1C, 0x0D });
            Assert.Equal(4, await stream.ReadAsync(buffer));
            Assert.Equal(1, LoopbackSockets.QuickAck(accepted));
            await stream.WriteAsync(new byte[] { 0x0B, 0x1C, 0x0D });
            Assert.Equal(3, await sender.ReceiveAsync(buffer));
        }
    }

    [Fact]
    public async Task Synchronous_reads_read_and_acknowledge_too()
    {
        using var listener = LoopbackSockets.Listen();
        using var sender = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await sender.ConnectAsync(listener.LocalEndPoint!);
        var accepted = await listener.AcceptAsync();
        using var stream = new QuickAckNetworkStream(accepted);

        await sender.SendAsync(new byte[] { 0x0B, 0x41, 0x1C, 0x0D });
        var array = new byte[64];
        Assert.Equal(4, stream.Read(array, 0, array.Length));
        Assert.Equal(1, LoopbackSockets.QuickAck(accepted));
        await sender.SendAsync(new byte[] { 0x0B, 0x42, 0x1C, 0x0D });
        Span<byte> span = stackalloc byte[64];
        Assert.Equal(4, stream.Read(span));
        Assert.Equal(0x42, span[1]);
        sender.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, stream.Read(array, 0, array.Length));
    }
}
