using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CloudRisPacs.TestSupport;

/// <summary>A loopback TCP port free at the time of the call, for servers a test starts.</summary>
/// <remarks>
/// A port is handed out once per test process: the system may give the same free port to two calls made before either
/// is bound (seen in CI: a test's "closed" modality port was then also the agent's MLLP port, and the agent's DICOM
/// association went to its own HL7 listener).
/// </remarks>
public static class FreeTcpPort
{
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
