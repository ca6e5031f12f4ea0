namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// Where the agent delivers outbound HL7 (results, order status, enhanced-mode application ACKs): the RIS's own MLLP
/// listener (section <c>EdgeAgent:Ris</c>). Without a host, outbound messages wait in the local queue.
/// </summary>
public sealed class RisEndpointOptions
{
    /// <summary>The word that, alone in <see cref="UnavailableCodes"/>, means no code counts as unavailable.</summary>
    public const string NoUnavailableCodes = "none";

    private static readonly string[] DefaultUnavailableCodes = ["AR", "CR"];

    public string? Host { get; set; }

    public int Port { get; set; } = 2576;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the RIS's ACK.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries per message (AE, CE, wrong MSA-2, no ACK in time) before it is parked. Unreachable RIS never parks.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// MSA-1 codes that mean the RIS cannot take messages now rather than that this message is wrong: the message waits
    /// like in an outage (retried with the backoff up to <see cref="MaxRetryDelay"/>, no attempt counted; <c>/status</c>
    /// shows it) for up to <see cref="UnavailableParkAfter"/>. HL7 v2.5 2.9.2.2 gives AR/CR for reasons unrelated to
    /// content (system down). Not set: AR and CR. A list given replaces that default rather than adding to it (a RIS
    /// that answers AR for permanent refusals: <c>["CR"]</c>); <c>["none"]</c> makes every code count like AE
    /// (configuration files cannot express an empty list). Read <see cref="EffectiveUnavailableCodes"/>.
    /// </summary>
    public IList<string>? UnavailableCodes { get; set; }

    /// <summary>The codes in effect: <see cref="UnavailableCodes"/> as configured, or AR and CR when not set.</summary>
    public IReadOnlyList<string> EffectiveUnavailableCodes =>
        UnavailableCodes is not { Count: > 0 } configured
            ? DefaultUnavailableCodes
            : [.. configured.Where(code => !string.Equals(code, NoUnavailableCodes, StringComparison.OrdinalIgnoreCase))];

    /// <summary>
    /// How long one message may be answered with an <see cref="UnavailableCodes"/> code before it is parked and reported
    /// to the cloud like a refused one. Interface engines also answer AR for a message their filter rejects, for good:
    /// without a limit that one message would hold every result behind it. Counted from the first such answer since the
    /// agent started. Default 30 minutes.
    /// </summary>
    public TimeSpan UnavailableParkAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>First wait after a failed try; doubles with jitter up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Talk TLS to the RIS (BCP 195). Its certificate must name <see cref="ServerName"/> (default: <see cref="Host"/>) and
    /// chain to <see cref="TrustedAuthoritiesPath"/> or the system's trust; the agent presents <c>EdgeAgent:Mllp:Tls</c>'s
    /// certificate when the RIS asks for one. A failed handshake counts as the RIS being unreachable: retried, never parked.
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>The name the RIS's certificate carries, when it is not <see cref="Host"/> (a RIS reached by IP address).</summary>
    public string? ServerName { get; set; }

    /// <summary>A PEM file with the authorities the RIS's certificate may chain to (the hospital's CA); otherwise the system's trust.</summary>
    public string? TrustedAuthoritiesPath { get; set; }

    /// <summary>True when a host is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
