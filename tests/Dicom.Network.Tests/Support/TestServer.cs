using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>Starts a <see cref="DicomServer"/> on a free loopback port for one test.</summary>
public static class TestServer
{
    public const string AeTitle = "OURSCP";

    public static async Task<DicomServer> StartAsync(DicomServiceRegistry services, TestLog log, Action<DicomServerOptions>? configure = null)
    {
        var options = new DicomServerOptions
        {
            AeTitle = AeTitle,
            BindAddress = "127.0.0.1",
            Port = 0,
            AllowAnyCallingAeTitle = true,
            ArtimTimeout = TimeSpan.FromSeconds(5),
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        var server = new DicomServer(options, services, log);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    public static DicomClient ClientFor(DicomServer server, TestLog log, string callingAeTitle = "OURSCU", Action<DicomClientOptions>? configure = null)
    {
        var options = new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = server.LocalEndPoint.Port,
            CalledAeTitle = server.AeTitle,
            CallingAeTitle = callingAeTitle,
            ReleaseTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new DicomClient(options, log);
    }
}
