using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// A configuration file that cannot be read when it changes while the agent runs (saved half-way, a JSON typo). The
/// configuration system would otherwise drop the file's settings without a word; this records why, lets the reload go
/// on, and <see cref="ConfigurationReload"/> reports it and keeps the settings in force. At start an unreadable file
/// still stops the agent (the handler is set after the first load).
/// </summary>
public sealed class ConfigurationFileProblems
{
    private string? latest;

    /// <summary>Handles every file source of <paramref name="configuration"/> from now on (their first load is done).</summary>
    public void Watch(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var source in configuration.Sources.OfType<FileConfigurationSource>())
        {
            source.OnLoadException = Record;
        }
    }

    /// <summary>The latest reason a file could not be read, once; null when there is none.</summary>
    public string? Take() => Interlocked.Exchange(ref latest, null);

    private void Record(FileLoadExceptionContext context)
    {
        var reason = context.Exception.InnerException is { } inner ? $"{context.Exception.Message} {inner.Message}" : context.Exception.Message;
        Interlocked.Exchange(ref latest, reason);
        context.Ignore = true;
    }
}
