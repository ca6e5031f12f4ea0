using System.Net;
using CloudRisPacs.Edge.Configuration;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Check;

/// <summary>
/// Settings the agent runs with that leave a door open. Each is legal (a first setup, a site behind its own firewall),
/// so it is a warning, not a refusal to start: the agent logs each one at start and <c>check</c> prints it as a WARN line.
/// </summary>
public static class ConfigurationWarnings
{
    /// <summary>The status endpoint listens beyond this machine.</summary>
    public static readonly EventId StatusExposed = new(810, nameof(StatusExposed));

    /// <summary>The MLLP listener takes HL7 from any peer.</summary>
    public static readonly EventId AnyMllpPeer = new(811, nameof(AnyMllpPeer));

    /// <summary>The DICOM listener takes any calling AE title (the event id it was always logged with).</summary>
    public static readonly EventId AnyCallingAeTitle = new(517, nameof(AnyCallingAeTitle));

    /// <summary>A modality is configured with the agent's own AE title.</summary>
    public static readonly EventId OwnAeTitleAsModality = new(812, nameof(OwnAeTitleAsModality));

    private const string Section = EdgeAgentOptions.SectionName;

    /// <summary>The warnings <paramref name="options"/> deserve, in the order of the configuration.</summary>
    public static IReadOnlyList<ConfigurationWarning> Of(EdgeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<ConfigurationWarning>();
        var status = options.Status;
        if (IPAddress.TryParse(status.ListenAddress, out var statusAddress) && !IPAddress.IsLoopback(statusAddress))
        {
            warnings.Add(new(StatusExposed,
                $"{Section}:Status:ListenAddress {status.ListenAddress} is not a loopback address: /status and /health answer anyone who " +
                $"reaches port {status.Port}, without authentication, and /status shows operational data (tenant, endpoints, queues, " +
                "parked messages with their ids and reasons). Keep 127.0.0.1, or let only the monitoring host reach the port"));
        }

        var mllp = options.Mllp;
        if (mllp.AllowedPeers.Count == 0 || mllp.AllowedPeers.Any(IsEveryAddress))
        {
            var which = mllp.AllowedPeers.Count == 0 ? "is empty" : "allows every address";
            warnings.Add(new(AnyMllpPeer,
                $"{Section}:Mllp:AllowedPeers {which}: any host that reaches port {mllp.Port} may send HL7 that the agent " +
                "acknowledges and forwards to the cloud. List the RIS's address(es)"));
        }

        var dicom = options.Dicom;
        if (dicom.AllowAnyCallingAeTitle)
        {
            warnings.Add(new(AnyCallingAeTitle,
                $"{Section}:Dicom:AllowAnyCallingAeTitle is on: any DICOM peer that reaches port {dicom.Port} may query the worklist " +
                "and store images, whatever AE title it calls with. List the modalities in Dicom:Modalities instead"));
        }

        for (var i = 0; i < dicom.Modalities.Count; i++)
        {
            if (string.Equals(dicom.Modalities[i].AeTitle?.Trim(), dicom.AeTitle.Trim(), StringComparison.Ordinal))
            {
                warnings.Add(new(OwnAeTitleAsModality,
                    $"{Section}:Dicom:Modalities:{i}:AeTitle '{dicom.AeTitle}' is the agent's own AE title (Dicom:AeTitle): a peer " +
                    "calling as the agent is let in as this modality, and echoes and storage commitment reports to it carry the same " +
                    "AE title at both ends. Give the modality its own AE title"));
            }
        }

        return warnings;
    }

    /// <summary>Logs each warning of <paramref name="options"/> with its event id.</summary>
    public static void Log(ILogger logger, EdgeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var warning in Of(options))
        {
            LoggerMessage.Define<string>(LogLevel.Warning, warning.EventId, "{Warning}")(logger, warning.Message, null);
        }
    }

    // A prefix length of 0 (0.0.0.0/0, ::/0) matches every address: the same as an empty list.
    private static bool IsEveryAddress(string entry)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 && entry[(slash + 1)..].Trim() == "0";
    }
}
