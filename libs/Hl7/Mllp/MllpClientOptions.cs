namespace CloudRisPacs.Hl7.Mllp;

/// <summary>Settings of an <see cref="MllpClient"/>.</summary>
public sealed class MllpClientOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 2575;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the response frame after sending.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response accepted, in bytes.</summary>
    public int MaxResponseSize { get; set; } = 1024 * 1024;

    /// <summary>Tries per send, each on a fresh connection after a failure. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Pause between tries.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>TLS to the receiver; null: plain TCP.</summary>
    public MllpClientTlsOptions? Tls { get; set; }

    internal void Check()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResponseSize, 16);
    }
}
