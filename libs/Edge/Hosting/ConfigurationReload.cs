using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Applies a changed configuration file without a restart where that is safe: who may connect — the DICOM modalities
/// (AE titles, hosts), the DICOM users and the MLLP peer allow-list. Adding a modality must not mean stopping every
/// other modality's traffic. The whole configuration is validated first; a change with any problem is not applied at
/// all (the settings in force stay, with a warning listing the problems), nor is a file that cannot be read (saved
/// half-way, a JSON typo: <see cref="ConfigurationFileProblems"/>). Changed keys that need a restart (ports,
/// folders, the cloud, timeouts) are named in a warning; their values are never logged.
/// </summary>
public sealed class ConfigurationReload(
    IConfiguration configuration,
    ConfigurationFileProblems fileProblems,
    DicomListenerService dicom,
    MllpListenerService mllp,
    ILogger<ConfigurationReload> logger,
    TimeProvider time) : IHostedService, IDisposable
{
    /// <summary>Editors and copy tools write a file in more than one step; the change is read once it has settled.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(500);

    private static readonly string[] ReloadablePrefixes =
    [
        $"{EdgeAgentOptions.SectionName}:Dicom:Modalities",
        $"{EdgeAgentOptions.SectionName}:Dicom:Users",
        $"{EdgeAgentOptions.SectionName}:Mllp:AllowedPeers",
    ];

    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private Dictionary<string, string?> inForce = [];
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        inForce = Flatten(configuration);
        subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => _ = HandleChangeAsync());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        await stopping.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        subscription?.Dispose();
        stopping.Dispose();
        oneAtATime.Dispose();
    }

    private async Task HandleChangeAsync()
    {
        try
        {
            await Task.Delay(SettleTime, time, stopping.Token).ConfigureAwait(false);
            await oneAtATime.WaitAsync(stopping.Token).ConfigureAwait(false);
            try
            {
                await ApplyAsync(stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                oneAtATime.Release();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The agent is stopping; the change is read at the next start.
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException)
        {
            EdgeLog.ConfigurationNotApplied(logger, ex.Message);
        }
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        if (fileProblems.Take() is { } unreadable)
        {
            EdgeLog.ConfigurationNotApplied(logger, $"the configuration file cannot be read: {unreadable}");
            return;
        }

        var now = Flatten(configuration);
        var changed = now.Keys.Union(inForce.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !inForce.TryGetValue(key, out var before) || !now.TryGetValue(key, out var after) || before != after)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var (options, problems) = EdgeAgentConfiguration.Read(configuration);
        if (options is null)
        {
            EdgeLog.ConfigurationNotApplied(logger, string.Join("; ", problems));
            return;
        }

        var applied = new List<string>();
        var waiting = changed.Where(key => !ReloadablePrefixes.Any(prefix => IsUnder(key, prefix))).ToList();
        if (changed.Any(key => IsUnder(key, ReloadablePrefixes[0]) || IsUnder(key, ReloadablePrefixes[1])))
        {
            if (await dicom.ApplyAccessAsync(options.Dicom, cancellationToken).ConfigureAwait(false) is { } notApplied)
            {
                waiting.Add(notApplied);
            }

            applied.Add($"{options.Dicom.Modalities.Count} DICOM modalities ({string.Join(", ", options.Dicom.Modalities.Select(m => m.AeTitle?.Trim()))}), {options.Dicom.Users.Count} DICOM users");
        }

        if (changed.Any(key => IsUnder(key, ReloadablePrefixes[2])) && mllp.ApplyAllowedPeers(options.Mllp.AllowedPeers))
        {
            applied.Add(options.Mllp.AllowedPeers.Count == 0 ? "MLLP peers: any" : $"MLLP peers: {string.Join(", ", options.Mllp.AllowedPeers)}");
        }

        inForce = now;
        if (applied.Count > 0)
        {
            EdgeLog.ConfigurationApplied(logger, string.Join("; ", applied));
        }

        if (waiting.Count > 0)
        {
            EdgeLog.ConfigurationNeedsRestart(logger, string.Join(", ", waiting));
        }
    }

    private static bool IsUnder(string key, string prefix) =>
        key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (key.Length == prefix.Length || key[prefix.Length] == ':');

    private static Dictionary<string, string?> Flatten(IConfiguration configuration) =>
        configuration.GetSection(EdgeAgentOptions.SectionName).AsEnumerable()
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
}
