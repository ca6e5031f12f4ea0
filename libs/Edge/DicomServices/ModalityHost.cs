using System.Net;
using System.Net.Sockets;
using CloudRisPacs.Edge.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// A modality's configured host and the addresses it resolves to, for the host check. A name is looked up again when an
/// association does not match it (a DNS failure at start, a DHCP lease that moved the modality), but at most once per
/// <see cref="RefreshInterval"/>: a caller at the wrong address must not turn every association request into a DNS query.
/// An address literal is never looked up.
/// </summary>
internal sealed class ModalityHost
{
    /// <summary>The shortest time between two look-ups of one host name.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LookUpTimeout = TimeSpan.FromSeconds(10);

    private readonly object gate = new();
    private readonly string aeTitle;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private volatile IPAddress[] addresses = [];
    private DateTimeOffset lastLookUp;
    private Task? refreshing;

    private ModalityHost(string aeTitle, string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve, TimeProvider time, ILogger logger)
    {
        this.aeTitle = aeTitle;
        Host = host;
        this.resolve = resolve;
        this.time = time;
        this.logger = logger;
    }

    public string Host { get; }

    public IPAddress[] Addresses => addresses;

    private bool IsLiteral => IPAddress.TryParse(Host, out _);

    /// <summary>Resolves <paramref name="host"/> now; a name that does not resolve allows no address until a later look-up succeeds (and is logged).</summary>
    public static async Task<ModalityHost> ResolveAsync(string aeTitle, string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var modality = new ModalityHost(aeTitle, host, resolve, time, logger) { lastLookUp = time.GetUtcNow() };
        modality.addresses = await modality.LookUpAsync(cancellationToken).ConfigureAwait(false) ?? [];
        return modality;
    }

    public bool Admits(IPAddress? remote) =>
        remote is not null && addresses.Any(a => a.Equals(remote) || (remote.IsIPv4MappedToIPv6 && a.Equals(remote.MapToIPv4())));

    /// <summary>
    /// The look-up in progress, or a new one when the last began at least <see cref="RefreshInterval"/> ago; null when
    /// it is too soon or the host is an address. A look-up that fails or times out keeps the addresses the name had.
    /// </summary>
    public Task? RefreshIfDue()
    {
        if (IsLiteral)
        {
            return null;
        }

        lock (gate)
        {
            if (refreshing is { IsCompleted: false })
            {
                return refreshing;
            }

            var now = time.GetUtcNow();
            if (now - lastLookUp < RefreshInterval)
            {
                return null;
            }

            lastLookUp = now;
            refreshing = RefreshAsync();
            return refreshing;
        }
    }

    private async Task RefreshAsync()
    {
        using var timeout = new CancellationTokenSource(LookUpTimeout, time);
        IPAddress[]? fresh;
        try
        {
            fresh = await LookUpAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            EdgeLog.ModalityHostUnresolved(logger, aeTitle, Host, $"no answer within {LookUpTimeout.TotalSeconds:0} s");
            return;
        }

        var previous = addresses;
        if (fresh is not null && !fresh.ToHashSet().SetEquals(previous))
        {
            addresses = fresh;
            EdgeLog.ModalityHostChanged(logger, aeTitle, Host, Describe(fresh), previous.Length == 0 ? "nothing" : Describe(previous));
        }
    }

    /// <summary>The host's addresses, or null when the name does not resolve now (logged).</summary>
    private async Task<IPAddress[]?> LookUpAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var literal))
        {
            return [literal];
        }

        try
        {
            // Yield first: a refresh starts under the lock, and the look-up must not run (or block) while it is held.
            await Task.Yield();
            return await resolve(Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            EdgeLog.ModalityHostUnresolved(logger, aeTitle, Host, ex.Message);
            return null;
        }
    }

    private static string Describe(IPAddress[] list) => string.Join(", ", list.Select(a => a.ToString()));
}
