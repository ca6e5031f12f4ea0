using System.Net;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>Settings of an <see cref="MllpServer"/>.</summary>
public sealed class MllpServerOptions
{
    /// <summary>Where to listen; port 0 picks a free port (see <see cref="MllpServer.LocalEndPoint"/>).</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Any, 2575);

    /// <summary>Largest message accepted, in bytes; a larger frame is answered with a NAK and the connection closed.</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>A connection that sends nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest time one frame may take to arrive, from its first bytes to its end block; then the connection is closed
    /// without an answer (the sender sends the message again). Every read restarts <see cref="IdleTimeout"/>, so without
    /// this a peer trickling a byte now and then would hold a connection slot for ever. Default 60 s (4 MiB at 70 KB/s).
    /// </summary>
    public TimeSpan MaxFrameTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connections served at once; more are closed on accept (the sender retries).</summary>
    public int MaxConcurrentConnections { get; set; } = 64;

    /// <summary>Peer addresses or CIDR ranges allowed to connect; empty allows every peer.</summary>
    public IList<string> AllowedPeers { get; } = new List<string>();

    /// <summary>TLS for every connection; null: plain TCP.</summary>
    public MllpServerTlsOptions? Tls { get; set; }

    /// <summary>How long <see cref="MllpServer.StopAsync"/> waits for connections to finish their current message.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal void Check()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxFrameTime, TimeSpan.Zero);
        Tls?.Check();
    }
}
