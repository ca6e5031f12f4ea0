using CloudRisPacs.Edge.Check;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// The edge agent host. `cloudrispacs-edge [--config FILE]` runs the agent (console, systemd unit or Windows service);
// `cloudrispacs-edge check [--config FILE]` validates the configuration and tests every connection. Logic: libs/Edge.
if (args.Length > 0 && args[0] == "check")
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile(ConfigFile(args) ?? "appsettings.json", optional: ConfigFile(args) is null)
        .AddEnvironmentVariables()
        .Build();
    var results = await ConnectivityCheck.RunAsync(configuration, CancellationToken.None).ConfigureAwait(false);
    foreach (var result in results)
    {
        Console.WriteLine(result);
    }

    var failed = results.Count(r => !r.Passed);
    Console.WriteLine(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
    return failed == 0 ? 0 : 1;
}

try
{
    await using var app = EdgeAgentHost.Build(args);
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (EdgeConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

static string? ConfigFile(string[] args)
{
    var index = Array.IndexOf(args, "--config");
    return index >= 0 && index + 1 < args.Length ? Path.GetFullPath(args[index + 1]) : null;
}
