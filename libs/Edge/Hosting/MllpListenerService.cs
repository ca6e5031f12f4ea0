using System.Net;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Inbound;
using CloudRisPacs.Edge.Status;
using CloudRisPacs.Hl7.Mllp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>Runs the MLLP server with the durable handler for the host's lifetime; stopping lets in-flight messages finish.</summary>
public sealed class MllpListenerService(
    MllpListenerOptions options,
    DurableHl7Handler handler,
    EdgeEndpoints endpoints,
    EdgeCertificates certificates,
    ILogger<MllpServer> logger) : IHostedService, IAsyncDisposable
{
    private MllpServer? server;

    /// <summary>The bound endpoint, once started.</summary>
    public IPEndPoint? LocalEndPoint => server?.LocalEndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serverOptions = new MllpServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Parse(options.ListenAddress), options.Port),
            MaxMessageSize = options.MaxMessageBytes,
            IdleTimeout = options.IdleTimeout,
            MaxFrameTime = options.MaxFrameTime,
            MaxConcurrentConnections = options.MaxConnections,
            Tls = EdgeMllpTls.ServerOptions(options, certificates),
        };
        foreach (var peer in options.AllowedPeers)
        {
            serverOptions.AllowedPeers.Add(peer);
        }

        server = new MllpServer(serverOptions, handler, logger);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        endpoints.Set("mllp", $"mllp{(options.Tls is null ? string.Empty : "-tls")}://{server.LocalEndPoint}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Puts a changed peer allow-list in force while the listener runs: new connections are checked against it; open ones go on.</summary>
    /// <returns>False when the listener is not running.</returns>
    public bool ApplyAllowedPeers(IEnumerable<string> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        if (server is null)
        {
            return false;
        }

        server.ReplaceAllowedPeers(peers);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
