using System.Net;
using System.Net.Sockets;

namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>Loopback TCP ports: a free one, and whether something listens on one.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary><paramref name="port"/>, or a free one when it is 0.</summary>
    public static int OrNext(int port) => port == 0 ? Next() : port;

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
