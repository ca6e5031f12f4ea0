namespace CloudRisPacs.Edge.Configuration;

/// <summary>The HL7 MLLP listener the RIS sends to (section <c>EdgeAgent:Mllp</c>).</summary>
public sealed class MllpListenerOptions
{
    /// <summary>Address to listen on: <c>0.0.0.0</c> for every interface, or one of the machine's addresses.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 2575;

    /// <summary>Peer addresses or CIDR ranges allowed to connect (the RIS); empty allows every peer.</summary>
    public IList<string> AllowedPeers { get; } = new List<string>();

    /// <summary>Largest message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A connection idle this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest time one message may take to arrive, from its first bytes to its end; then the connection is closed
    /// unanswered (the RIS sends it again). Each byte restarts <see cref="IdleTimeout"/>, so this is what stops a sender
    /// trickling bytes from holding a connection for ever.
    /// </summary>
    public TimeSpan MaxFrameTime { get; set; } = TimeSpan.FromSeconds(60);

    public int MaxConnections { get; set; } = 64;

    /// <summary>TLS for the listener ("secure MLLP"); null: plain TCP. Its certificate is also presented to the RIS when <see cref="RisEndpointOptions.UseTls"/>.</summary>
    public TlsSettings? Tls { get; set; }
}
