using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Storage;

namespace CloudRisPacs.Edge.Check;

/// <summary>
/// The data folder line of <c>check</c>. A check looks and leaves the machine as it found it: a missing folder is a
/// failure, not something to create (a mistyped <c>DataFolder</c> would otherwise get an empty database the agent then
/// starts on), and the durable store is opened only when it is already there.
/// </summary>
internal static class DataFolderCheck
{
    private const string Subject = "Data folder";

    public static async Task<CheckResult> RunAsync(EdgeAgentOptions options, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.DataFolder!);
        if (!Directory.Exists(folder))
        {
            return new CheckResult(Subject, false,
                $"{folder} does not exist. Create it, writable by the user the agent runs as (the systemd unit's StateDirectory " +
                "creates /var/lib/cloudrispacs-edge), or correct EdgeAgent:DataFolder");
        }

        try
        {
            await ProbeAsync(folder, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(options.SpoolFolder))
            {
                await ProbeAsync(options.SpoolFolder, cancellationToken).ConfigureAwait(false);
            }

            var store = "edge.db does not exist yet: the agent creates it when it first starts";
            if (File.Exists(options.DatabasePath))
            {
                await using var database = EdgeDatabase.Open(options.DatabasePath);
                store = "the durable store opened";
            }

            var free = new DriveInfo(folder).AvailableFreeSpace;
            var minimum = options.Spool.MinFreeDiskBytes;
            var state = $"{folder} is writable; {store}; {Gib(free)} GiB free";
            return free < minimum
                ? new CheckResult(Subject, false,
                    $"{state}, below Spool:MinFreeDiskBytes ({Gib(minimum)} GiB): every C-STORE would be refused (0xA700); free space or lower the limit")
                : new CheckResult(Subject, true, state);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            return new CheckResult(Subject, false,
                $"{folder} cannot be used ({ex.Message}). Give the user the agent runs as write access to it, or point EdgeAgent:DataFolder at a writable local folder");
        }
    }

    // The probe file goes when its handle closes, also when the write fails half way.
    private static async Task ProbeAsync(string folder, CancellationToken cancellationToken)
    {
        var probe = Path.Combine(folder, $".check-{Guid.NewGuid():N}");
        await using var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        await file.WriteAsync("check"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Gib(long bytes) => (bytes / (1024 * 1024 * 1024.0)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
