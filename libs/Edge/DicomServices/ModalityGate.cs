using System.Net;
using System.Net.Sockets;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// The optional host check of <see cref="DicomListenerOptions.CheckModalityHosts"/>: the association acceptor already
/// allows only the listed calling AE titles; this also requires a listed modality to connect from an address of its
/// configured host. The DICOM server decides on AE titles alone, so the check runs per request and refuses with
/// 0x0124 (not authorized), which every DIMSE service may answer.
/// </summary>
public sealed class ModalityGate
{
    private readonly DicomListenerOptions options;
    private readonly ILogger logger;
    private Dictionary<string, IPAddress[]> addresses = new(StringComparer.Ordinal);

    public ModalityGate(DicomListenerOptions options, ILogger<ModalityGate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.logger = logger;
    }

    /// <summary>Resolves the modalities' host names once at start; a name that does not resolve allows no address (and is logged).</summary>
    public async Task ResolveAsync(CancellationToken cancellationToken)
    {
        if (!options.CheckModalityHosts)
        {
            return;
        }

        var resolved = new Dictionary<string, IPAddress[]>(StringComparer.Ordinal);
        foreach (var modality in options.Modalities.Where(m => m.AeTitle is not null && m.Host is not null))
        {
            try
            {
                resolved[modality.AeTitle!.Trim()] = IPAddress.TryParse(modality.Host, out var address)
                    ? [address]
                    : await Dns.GetHostAddressesAsync(modality.Host!, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                EdgeLog.ModalityHostUnresolved(logger, modality.AeTitle!, modality.Host!, ex.Message);
                resolved[modality.AeTitle!.Trim()] = [];
            }
        }

        addresses = resolved;
    }

    /// <summary>Throws the not-authorized failure when the association comes from elsewhere than its modality's host.</summary>
    public void Check(DicomAssociationInfo association)
    {
        ArgumentNullException.ThrowIfNull(association);
        if (IsAllowed(association))
        {
            return;
        }

        var why = $"{association.CallingAeTitle} is configured at another host than {association.RemoteEndPoint?.Address}";
        EdgeLog.ModalityHostRefused(logger, association.AssociationId, why);
        throw new DicomServiceException(DicomStatus.NotAuthorized, why);
    }

    public bool IsAllowed(DicomAssociationInfo association)
    {
        ArgumentNullException.ThrowIfNull(association);
        if (!options.CheckModalityHosts)
        {
            return true;
        }

        var remote = association.RemoteEndPoint?.Address;
        return remote is not null && addresses.TryGetValue(association.CallingAeTitle.Trim(), out var allowed)
            && allowed.Any(a => a.Equals(remote) || (remote.IsIPv4MappedToIPv6 && a.Equals(remote.MapToIPv4())));
    }
}
