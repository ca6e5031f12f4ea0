using System.Net;
using System.Net.Sockets;

namespace CloudRisPacs.TestSupport;

/// <summary>A loopback TCP port free at the time of the call, for servers a test starts.</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
