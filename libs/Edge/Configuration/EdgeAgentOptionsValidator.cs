using System.Net;
using System.Text.RegularExpressions;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>Every rule of a valid edge agent configuration; each broken rule becomes one problem in plain words.</summary>
public static partial class EdgeAgentOptionsValidator
{
    private const string Root = EdgeAgentOptions.SectionName;

    public static IReadOnlyList<string> Validate(EdgeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var tenantValid = CheckTenant(options, problems, out var tenant);
        if (string.IsNullOrWhiteSpace(options.SiteId) || !SiteIdPattern().IsMatch(options.SiteId))
        {
            problems.Add($"{Root}:SiteId is required: 1 to 64 letters, digits, '.', '_' or '-' naming this installation (for example 'main-clinic').");
        }

        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            problems.Add($"{Root}:DataFolder is required: a folder on a local disk for the durable store and the DICOM spool.");
        }

        CloudRules.Check(options.Cloud, tenantValid ? tenant : null, problems);
        CheckMllp(options.Mllp, problems);
        CheckRis(options.Ris, problems);
        problems.AddRange(EdgeMllpTls.Problems(options.Mllp, options.Ris));
        CheckDicom(options.Dicom, problems);
        CheckStatus(options.Status, problems);
        CheckPorts(options, problems);
        CheckTuning(options, problems);
        DurationLimits.Check(options, problems);
        return problems;
    }

    /// <summary>True for a valid AE title: 1 to 16 characters of the default repertoire, no backslash, not only spaces.</summary>
    public static bool IsValidAeTitle(string? aeTitle) =>
        !string.IsNullOrWhiteSpace(aeTitle) && aeTitle.Length <= 16 && aeTitle.All(c => c is >= ' ' and <= '~' and not '\\');

    private static bool CheckTenant(EdgeAgentOptions options, List<string> problems, out TenantId tenant)
    {
        if (TenantId.TryParse(options.TenantId, out tenant))
        {
            return true;
        }

        problems.Add(string.IsNullOrWhiteSpace(options.TenantId)
            ? $"{Root}:TenantId is required (the tenant id from onboarding, for example 'clinic-a')."
            : $"{Root}:TenantId '{options.TenantId}' is invalid: use 3 to {TenantId.MaxLength} lower-case letters, digits and single hyphens.");
        return false;
    }

    private static void CheckMllp(MllpListenerOptions mllp, List<string> problems)
    {
        var path = $"{Root}:Mllp";
        CheckAddress(mllp.ListenAddress, $"{path}:ListenAddress", problems);
        CheckPort(mllp.Port, $"{path}:Port", problems);
        foreach (var peer in mllp.AllowedPeers)
        {
            try
            {
                _ = new IpAllowList([peer]);
            }
            catch (FormatException ex)
            {
                problems.Add($"{path}:AllowedPeers: {ex.Message}");
            }
        }

        if (mllp.MaxMessageBytes is < 1024 or > 64 * 1024 * 1024)
        {
            problems.Add($"{path}:MaxMessageBytes must be 1024 to 67108864 (it is {mllp.MaxMessageBytes}).");
        }

        if (mllp.IdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{path}:IdleTimeout must be positive.");
        }

        if (mllp.MaxFrameTime <= TimeSpan.Zero)
        {
            problems.Add($"{path}:MaxFrameTime must be positive.");
        }

        if (mllp.MaxConnections < 1)
        {
            problems.Add($"{path}:MaxConnections must be at least 1.");
        }
    }

    private static void CheckRis(RisEndpointOptions ris, List<string> problems)
    {
        var path = $"{Root}:Ris";
        if (!ris.IsConfigured)
        {
            return;
        }

        if (Uri.CheckHostName(ris.Host) == UriHostNameType.Unknown)
        {
            problems.Add($"{path}:Host '{ris.Host}' is not a host name or IP address.");
        }

        CheckPort(ris.Port, $"{path}:Port", problems);
        if (ris.ConnectTimeout <= TimeSpan.Zero || ris.ResponseTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{path}:ConnectTimeout and {path}:ResponseTimeout must be positive.");
        }

        if (ris.MaxAttempts < 1)
        {
            problems.Add($"{path}:MaxAttempts must be at least 1.");
        }

        if (ris.UnavailableCodes is { Count: > 0 } codes
            && (codes.Any(code => code is not ("AR" or "CR" or "AE" or "CE" or RisEndpointOptions.NoUnavailableCodes))
                || (codes.Count > 1 && codes.Contains(RisEndpointOptions.NoUnavailableCodes))))
        {
            problems.Add($"{path}:UnavailableCodes must list MSA-1 codes AR, CR, AE or CE, or be [\"{RisEndpointOptions.NoUnavailableCodes}\"] alone; it is [{string.Join(", ", codes)}].");
        }

        if (ris.UnavailableParkAfter <= TimeSpan.Zero)
        {
            problems.Add($"{path}:UnavailableParkAfter must be positive.");
        }

        if (ris.RetryDelay < TimeSpan.Zero || ris.MaxRetryDelay < ris.RetryDelay)
        {
            problems.Add($"{path}:RetryDelay must not be negative and not above {path}:MaxRetryDelay.");
        }
    }

    private static void CheckDicom(DicomListenerOptions dicom, List<string> problems)
    {
        var path = $"{Root}:Dicom";
        if (!IsValidAeTitle(dicom.AeTitle))
        {
            problems.Add($"{path}:AeTitle '{dicom.AeTitle}' is not a valid AE title (1 to 16 characters, no backslash).");
        }

        CheckAddress(dicom.ListenAddress, $"{path}:ListenAddress", problems);
        CheckPort(dicom.Port, $"{path}:Port", problems);
        if (dicom.MaxAssociations < 1)
        {
            problems.Add($"{path}:MaxAssociations must be at least 1.");
        }

        if (dicom.IdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{path}:IdleTimeout must be positive.");
        }

        if (dicom.CommitmentTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{path}:CommitmentTimeout must be positive.");
        }

        if (dicom.CommitmentReportMaxAttempts < 1)
        {
            problems.Add($"{path}:CommitmentReportMaxAttempts must be at least 1 (it is {dicom.CommitmentReportMaxAttempts}).");
        }

        if (dicom.CommitmentReportRetryDelay <= TimeSpan.Zero || dicom.CommitmentReportMaxRetryDelay < dicom.CommitmentReportRetryDelay)
        {
            problems.Add($"{path}:CommitmentReportRetryDelay must be positive and not above {path}:CommitmentReportMaxRetryDelay.");
        }

        if (dicom.MaxPduLength is < 4096 or > 1024 * 1024)
        {
            problems.Add($"{path}:MaxPduLength {dicom.MaxPduLength} is outside 4096 to 1048576.");
        }

        if (dicom.Modalities.Count == 0 && !dicom.AllowAnyCallingAeTitle)
        {
            problems.Add($"{path}:Modalities is empty, so no modality may connect: list each modality's AeTitle " +
                         $"(with Host and Port for echo and storage commitment), or set {path}:AllowAnyCallingAeTitle to true.");
        }

        problems.AddRange(DicomUserAccountValidator.Problems(dicom.Users.ToList(), $"{path}:Users"));
        problems.AddRange(EdgeDicomTls.Problems(dicom, path));
        if (dicom.RequireUserIdentity && dicom.Users.Count == 0)
        {
            problems.Add($"{path}:RequireUserIdentity is set but {path}:Users is empty, so no modality could associate: list the users " +
                         "(with the hash `cloudrispacs-edge hash-passcode` prints), or leave RequireUserIdentity off.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dicom.Modalities.Count; i++)
        {
            var modality = dicom.Modalities[i];
            var at = $"{path}:Modalities:{i}";
            if (!IsValidAeTitle(modality.AeTitle))
            {
                problems.Add($"{at}:AeTitle '{modality.AeTitle}' is not a valid AE title (1 to 16 characters, no backslash).");
            }
            else if (!seen.Add(modality.AeTitle!.Trim()))
            {
                problems.Add($"{at}:AeTitle '{modality.AeTitle}' is listed twice.");
            }

            if (modality.Host is not null && Uri.CheckHostName(modality.Host) == UriHostNameType.Unknown)
            {
                problems.Add($"{at}:Host '{modality.Host}' is not a host name or IP address.");
            }

            if (dicom.CheckModalityHosts && string.IsNullOrWhiteSpace(modality.Host))
            {
                problems.Add($"{at}:Host is empty, but {path}:CheckModalityHosts needs each modality's host.");
            }

            if (modality.Port is < 1 or > 65535)
            {
                problems.Add($"{at}:Port must be 1 to 65535 (it is {modality.Port}): the port {modality.AeTitle} listens on, where the agent " +
                             "sends the echo of `check` and storage commitment reports once the modality has closed its association.");
            }
        }
    }

    private static void CheckStatus(StatusEndpointOptions status, List<string> problems)
    {
        var path = $"{Root}:Status";
        CheckAddress(status.ListenAddress, $"{path}:ListenAddress", problems);
        CheckPort(status.Port, $"{path}:Port", problems);

        if (status.BacklogAgeWarning <= TimeSpan.Zero)
        {
            problems.Add($"{path}:BacklogAgeWarning must be positive.");
        }
    }

    private static void CheckPorts(EdgeAgentOptions options, List<string> problems)
    {
        var used = new List<(int Port, string Name)>
        {
            (options.Mllp.Port, "Mllp:Port"), (options.Dicom.Port, "Dicom:Port"), (options.Status.Port, "Status:Port"),
        };

        foreach (var clash in used.Where(u => u.Port > 0).GroupBy(u => u.Port).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(" and ", clash.Select(c => $"{Root}:{c.Name}"))} are all {clash.Key}; each listener needs its own port.");
        }
    }

    private static void CheckTuning(EdgeAgentOptions options, List<string> problems)
    {
        var forwarder = options.Forwarder;
        if (forwarder.BatchSize < 1 || forwarder.Parallelism < 1 || forwarder.MaxAttempts < 1)
        {
            problems.Add($"{Root}:Forwarder:BatchSize, Parallelism and MaxAttempts must be at least 1.");
        }

        if (forwarder.RetryDelay <= TimeSpan.Zero || forwarder.MaxRetryDelay < forwarder.RetryDelay || forwarder.IdlePollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{Root}:Forwarder:RetryDelay and IdlePollInterval must be positive, and MaxRetryDelay at least RetryDelay.");
        }

        if (options.Worklist.FullSyncInterval < TimeSpan.FromSeconds(10))
        {
            problems.Add($"{Root}:Worklist:FullSyncInterval must be at least 10 seconds.");
        }

        if (options.Worklist.MaxResults < 1)
        {
            problems.Add($"{Root}:Worklist:MaxResults must be at least 1.");
        }

        if (options.Worklist.MaxFullSyncBytes < 1024)
        {
            problems.Add($"{Root}:Worklist:MaxFullSyncBytes must be at least 1024.");
        }

        var spool = options.Spool;
        if (spool.MinFreeDiskBytes < 0 || spool.MaxInstanceBytes < 1024 || spool.UploadParallelism < 1 || spool.MaxAttempts < 1)
        {
            problems.Add($"{Root}:Spool: MinFreeDiskBytes must not be negative, MaxInstanceBytes at least 1024, UploadParallelism and MaxAttempts at least 1.");
        }

        if (options.HeartbeatInterval < TimeSpan.FromSeconds(5))
        {
            problems.Add($"{Root}:HeartbeatInterval must be at least 5 seconds.");
        }

        if (options.HistoryRetention < TimeSpan.FromHours(1))
        {
            problems.Add($"{Root}:HistoryRetention must be at least one hour (duplicates are recognised only while history is kept).");
        }
    }

    private static void CheckAddress(string? address, string path, List<string> problems)
    {
        if (!IPAddress.TryParse(address, out _))
        {
            problems.Add($"{path} '{address}' is not an IP address (use 0.0.0.0 for every interface, 127.0.0.1 for this machine only).");
        }
    }

    private static void CheckPort(int port, string path, List<string> problems)
    {
        if (port is < 1 or > 65535)
        {
            problems.Add($"{path} must be 1 to 65535 (it is {port}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SiteIdPattern();
}
