using System.Net;
using System.Net.Sockets;

namespace CloudRisPacs.Hl7.Tests.Mllp;

/// <summary>Plain loopback sockets for the quick-acknowledgement tests, and a look at the option itself.</summary>
internal static class LoopbackSockets
{
    /// <summary>A listening socket on a free loopback port.</summary>
    public static Socket Listen()
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        return listener;
    }

    /// <summary>Linux TCP_QUICKACK (IPPROTO_TCP 6, option 12) as the kernel has it now.</summary>
    public static int QuickAck(Socket socket)
    {
        var value = new byte[4];
        socket.GetRawSocketOption(6, 12, value);
        return BitConverter.ToInt32(value);
    }
}
