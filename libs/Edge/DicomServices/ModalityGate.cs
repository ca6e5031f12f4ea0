using System.Net;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// The optional host check of <see cref="DicomListenerOptions.CheckModalityHosts"/>, as the DICOM server's association
/// check (<see cref="DicomServerOptions.AssociationCheck"/>): the AE title check already allows only the listed
/// modalities; this also requires a modality to connect from an address of its configured host. Anything else is
/// rejected at association time (A-ASSOCIATE-RJ, permanent, calling AE title not recognized), and the server logs why.
/// A host name is resolved at start and again when an association does not match it (<see cref="ModalityHost"/>).
/// It also holds the modality list in force (<see cref="Find"/>): the configured one at start, then whatever
/// <see cref="ReplaceAsync"/> installs when the configuration file changes.
/// </summary>
public sealed class ModalityGate
{
    /// <summary>How long an association request waits for a look-up it started; a slower one serves the next request.</summary>
    private static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(2);

    private readonly DicomListenerOptions options;
    private readonly ILogger logger;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> resolve;
    private readonly TimeProvider time;
    private volatile Dictionary<string, ModalityHost> modalities = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<DicomPeerOptions> listed;

    public ModalityGate(DicomListenerOptions options, ILogger<ModalityGate> logger, TimeProvider? time = null)
        : this(options, logger, Dns.GetHostAddressesAsync, time ?? TimeProvider.System)
    {
    }

    internal ModalityGate(DicomListenerOptions options, ILogger<ModalityGate> logger, Func<string, CancellationToken, Task<IPAddress[]>> resolve, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.logger = logger;
        this.resolve = resolve;
        this.time = time;
        listed = [.. options.Modalities];
    }

    /// <summary>The modalities in force (configured at start or installed by <see cref="ReplaceAsync"/>).</summary>
    public IReadOnlyList<DicomPeerOptions> Modalities => listed;

    /// <summary>The modality in force with this AE title, or null.</summary>
    public DicomPeerOptions? Find(string aeTitle) =>
        listed.FirstOrDefault(m => string.Equals(m.AeTitle?.Trim(), aeTitle.Trim(), StringComparison.Ordinal));

    /// <summary>Resolves the modalities' host names at start; a name that does not resolve allows no address until it does (and is logged).</summary>
    public async Task ResolveAsync(CancellationToken cancellationToken) =>
        modalities = await ResolveAsync(listed, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Puts a changed modality list in force: its host names are resolved first, then list and addresses are swapped
    /// together, so an association is checked against one version or the other, never a mix.
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyList<DicomPeerOptions> replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var resolved = await ResolveAsync(replacement, cancellationToken).ConfigureAwait(false);
        modalities = resolved;
        listed = [.. replacement];
    }

    private async Task<Dictionary<string, ModalityHost>> ResolveAsync(IReadOnlyList<DicomPeerOptions> list, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, ModalityHost>(StringComparer.Ordinal);
        if (!options.CheckModalityHosts)
        {
            return resolved;
        }

        foreach (var modality in list.Where(m => m.AeTitle is not null && m.Host is not null))
        {
            var aeTitle = modality.AeTitle!.Trim();
            resolved[aeTitle] = await ModalityHost.ResolveAsync(aeTitle, modality.Host!.Trim(), resolve, time, logger, cancellationToken).ConfigureAwait(false);
        }

        return resolved;
    }

    /// <summary>Why an association request is refused by the host check, or null when it may go on.</summary>
    public string? Refusal(DicomAssociationCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!options.CheckModalityHosts)
        {
            return null;
        }

        var calling = candidate.CallingAeTitle.Trim();
        if (!modalities.TryGetValue(calling, out var modality))
        {
            return $"calling AE title '{calling}' is not a listed modality, and CheckModalityHosts admits only listed modalities from their hosts";
        }

        var remote = candidate.RemoteEndPoint?.Address;
        if (modality.Admits(remote) || (modality.RefreshIfDue() is { } refresh && refresh.Wait(RefreshWait) && modality.Admits(remote)))
        {
            return null;
        }

        return modality.Addresses.Length == 0
            ? $"modality {calling} is configured at host '{modality.Host}', which did not resolve"
            : $"modality {calling} is configured at host '{modality.Host}' ({string.Join(", ", modality.Addresses.Select(a => a.ToString()))}) but connected from {remote?.ToString() ?? "an unknown address"} (CheckModalityHosts)";
    }
}
