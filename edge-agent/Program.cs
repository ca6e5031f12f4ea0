using CloudRisPacs.Edge.Check;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Hosting;
using CloudRisPacs.Edge.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// The edge agent host. `cloudrispacs-edge [--config FILE]` runs the agent (console, systemd unit or Windows service);
// `cloudrispacs-edge check [--config FILE]` validates the configuration and tests every connection;
// `cloudrispacs-edge requeue QUEUE (ID | --all) [--config FILE]` puts parked entries back in line;
// `cloudrispacs-edge hash-passcode [--iterations N]` reads a DICOM user's passcode from stdin and prints its hash. Logic: libs/Edge.
if (args.Length > 0 && args[0] == "check")
{
    if (CommandConfiguration(args) is not { } checkConfiguration)
    {
        return StartupFailure.ExitCode;
    }

    var results = await ConnectivityCheck.RunAsync(checkConfiguration, CancellationToken.None).ConfigureAwait(false);
    foreach (var result in results)
    {
        Console.WriteLine(result);
    }

    var failed = results.Count(r => !r.Passed);
    var warnings = results.Count(r => r.Warning);
    Console.WriteLine(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
    if (warnings > 0)
    {
        Console.WriteLine($"{warnings} warning(s): the agent runs like this, but read each WARN line.");
    }
    return failed == 0 ? 0 : 1;
}

if (args.Length > 0 && args[0] == "requeue")
{
    var operands = args.Skip(1).Where((_, i) => !EdgeAgentHost.IsConfigArgument(args, i + 1)).ToList();
    return CommandConfiguration(args) is not { } requeueConfiguration
        ? StartupFailure.ExitCode
        : await RequeueCommand.RunAsync(requeueConfiguration, operands, Console.Out, CancellationToken.None).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "hash-passcode")
{
    // Typed at a terminal, the passcode is not shown; piped in, it is read as it comes.
    using var input = Console.IsInputRedirected ? null : new StringReader(HiddenConsoleLine.Read("Passcode (not shown): ") + Environment.NewLine);
    return await HashPasscodeCommand.RunAsync(args[1..], input ?? Console.In, Console.Out, Console.Error).ConfigureAwait(false);
}

// Whatever stops the agent from starting (configuration, ports, data folder, certificates) is reported in one message
// with exit code 2, which systemd does not restart; a stack trace would only repeat every RestartSec.
WebApplication app;
try
{
    app = EdgeAgentHost.Build(args);
}
#pragma warning disable CA1031 // Any start-up failure ends the same way: its reason and exit code 2.
catch (Exception ex)
{
    Console.Error.WriteLine(StartupFailure.Describe(ex));
    return StartupFailure.ExitCode;
}

await using (app.ConfigureAwait(false))
{
    try
    {
        await app.StartAsync().ConfigureAwait(false);
    }
    catch (Exception ex)
    {
        Console.Error.WriteLine(StartupFailure.Describe(ex));
        return StartupFailure.ExitCode;
    }
#pragma warning restore CA1031

    await app.WaitForShutdownAsync().ConfigureAwait(false);
    return HostFault.Report(app.Services) ? HostFault.ExitCode : 0;
}

static IConfiguration? CommandConfiguration(string[] args)
{
    try
    {
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile(ConfigFile(args) ?? "appsettings.json", optional: ConfigFile(args) is null)
            .AddEnvironmentVariables()
            .Build();
    }
    catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine(StartupFailure.Describe(ex));
        return null;
    }
}

static string? ConfigFile(string[] args) =>
    EdgeAgentHost.ConfigFileArgument(args) is { } file ? Path.GetFullPath(file) : null;
