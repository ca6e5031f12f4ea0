using System.Runtime.InteropServices;
using CloudRisPacs.Tools.LocalDepartment;

// cloudrispacs-local [--root DIR] [--data DIR] [--configuration Release|Debug] [--no-demo-ris]
// Starts the department (see Department), prints its endpoints, writes them to DATA/run/endpoints.env for the demo, and
// runs until Ctrl-C or SIGTERM; then stops every process it started. Exit code 1 when a process died on its own.
var root = Argument("--root") ?? FindRepositoryRoot();
var options = new DepartmentOptions
{
    RepositoryRoot = root,
    DataFolder = Path.GetFullPath(Argument("--data") ?? Path.Combine(root, ".data")),
    BuildConfiguration = Argument("--configuration") ?? "Release",
    StartDemoRis = !args.Contains("--no-demo-ris"),
};

using var stop = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var endpointsFile = Path.Combine(options.DataFolder, "run", "endpoints.env");

Department department;
try
{
    Console.WriteLine($"== starting Azurite, the local cloud host, the demo RIS and the edge agent (data: {options.DataFolder})");
    department = await Department.StartAsync(options, stop.Token).ConfigureAwait(false);
}
catch (DepartmentStartException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
    return 1;
}
catch (OperationCanceledException)
{
    return 130;
}

var exitCode = 0;
await using (department.ConfigureAwait(false))
{
    Directory.CreateDirectory(Path.GetDirectoryName(endpointsFile)!);
    await File.WriteAllTextAsync(endpointsFile, department.Endpoints.ToEnvironmentFile(Environment.ProcessId)).ConfigureAwait(false);
    Console.WriteLine("== running");
    foreach (var line in department.Endpoints.Describe())
    {
        Console.WriteLine("   " + line);
    }

    Console.WriteLine($"   endpoints file    {endpointsFile}");
    Console.WriteLine("== press Ctrl-C to stop (the demo: ./run.sh demo in another terminal)");
    var exits = department.Processes.Select(async p =>
    {
        await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return (ChildProcess?)p;
    }).ToList();
    exits.Add(Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => (ChildProcess?)null, TaskScheduler.Default));
    var first = await (await Task.WhenAny(exits).ConfigureAwait(false)).ConfigureAwait(false);
    if (first is not null)
    {
        await Console.Error.WriteLineAsync($"error: {first.Name} exited unexpectedly; its last output:{Environment.NewLine}{first.Tail}").ConfigureAwait(false);
        exitCode = 1;
    }

    Console.WriteLine("== stopping the edge agent, the demo RIS, the cloud host and Azurite");
    File.Delete(endpointsFile);
}

Console.WriteLine("== stopped");
return exitCode;

void Stop(PosixSignalContext context)
{
    context.Cancel = true; // shut down in order instead of dying at once
    stop.Cancel();
}

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "CloudRisPacs.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException($"CloudRisPacs.sln not found above {AppContext.BaseDirectory}; pass --root.");
}
