using System.Net;
using System.Net.Sockets;
using CloudRisPacs.Dicom.Network.Hosting;

namespace CloudRisPacs.Dicom.Network.Tests.Hosting;

/// <summary>
/// The association's socket acknowledges what it reads at once (Linux TCP_QUICKACK). The kernel delays
/// acknowledgements once a connection goes back and forth like a DIMSE exchange; a peer with Nagle's algorithm on that
/// writes a message in two pieces then waits 40 ms for each. Measured with dcmjs-dimse (Nagle on) storing 30 small
/// instances: see docs/benchmarks/dicom-network.md.
/// </summary>
public sealed class QuickAckTests
{
    [Fact]
    public void After_a_read_the_socket_acknowledges_at_once_even_in_an_exchange()
    {
        Assert.True(OperatingSystem.IsLinux(), "TCP_QUICKACK is Linux's; the edge agent's supported platform");
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var peer = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = false };
        peer.Connect(listener.LocalEndPoint!);
        var accepted = listener.Accept();
        using var stream = new BlockingSocketStream(accepted, TimeSpan.FromSeconds(10));
        var buffer = new byte[64];

        // A few request/response rounds: the kernel takes the connection for interactive and starts delaying ACKs.
        for (var i = 0; i < 8; i++)
        {
            peer.Send([1, 2, 3, 4]);
            Assert.Equal(4, stream.Read(buffer));
            Assert.Equal(1, QuickAck(accepted));
            stream.Write([5, 6]);
            Assert.Equal(2, peer.Receive(buffer));
        }
    }

    private static int QuickAck(Socket socket)
    {
        var value = new byte[4];
        socket.GetRawSocketOption(6, 12, value);
        return BitConverter.ToInt32(value);
    }
}
