using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>A scripted RIS (Peers/ris_listener.py on python-hl7's asyncio MLLP server) that logs what it receives.</summary>
internal sealed class RisListener : IAsyncDisposable
{
    private readonly Process process;
    private readonly string log;

    private RisListener(Process process, string log, int port)
    {
        this.process = process;
        this.log = log;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts a listener answering each message by <paramref name="script"/> (for example <c>AE,timeout,AA</c>); with
    /// <paramref name="tls"/> (certificate file, key file, and optionally a CA file for required client certificates) over TLS.
    /// </summary>
    public static async Task<RisListener> StartAsync(string script, params string[] tls)
    {
        var python = await PeerTools.RequirePythonModulesAsync("hl7");
        var port = FreeTcpPort.Next();
        var log = Path.Combine(Path.GetTempPath(), $"ris-{Guid.NewGuid():N}.jsonl");
        var info = ProcessRunner.CreateStartInfo(python,
            [Path.Combine(AppContext.BaseDirectory, "Peers", "ris_listener.py"), port.ToString(CultureInfo.InvariantCulture), log, script, .. tls]);
        var process = Process.Start(info)!;
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (first != "listening")
        {
            throw new InvalidOperationException($"The RIS listener did not start: {first} {await process.StandardError.ReadToEndAsync()}");
        }

        return new RisListener(process, log, port);
    }

    /// <summary>What the RIS received so far: (answer it gave, message text with CR separators).</summary>
    public IReadOnlyList<(string Answer, string Message)> Received()
    {
        if (!File.Exists(log))
        {
            return [];
        }

        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<(string, string)>();
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            lines.Add((json.RootElement.GetProperty("answer").GetString()!, json.RootElement.GetProperty("message").GetString()!));
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        File.Delete(log);
    }
}
