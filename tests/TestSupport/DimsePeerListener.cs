using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace CloudRisPacs.TestSupport;

/// <summary>The dcmjs-dimse peer listening as an SCP: every request it receives arrives here as a JSON line, in order.</summary>
public sealed class DimsePeerListener : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<JsonElement> lines = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> everything = [];

    private DimsePeerListener(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>All the peer wrote so far (for failure messages).</summary>
    public string Transcript
    {
        get
        {
            lock (everything)
            {
                return string.Join('\n', everything);
            }
        }
    }

    internal static async Task<DimsePeerListener> StartAsync(string node, string script, int port, TimeSpan lifetime)
    {
        var info = ProcessRunner.CreateStartInfo(node, [script, "listen"]);
        info.RedirectStandardInput = true;
        var listener = new DimsePeerListener(new Process { StartInfo = info }, port);
        listener.process.OutputDataReceived += (_, e) => listener.Receive(e.Data, endsTheLines: true);
        listener.process.ErrorDataReceived += (_, e) => listener.Receive(e.Data, endsTheLines: false);
        listener.process.Start();
        listener.process.BeginOutputReadLine();
        listener.process.BeginErrorReadLine();
        await listener.process.StandardInput.WriteAsync(JsonSerializer.Serialize(new { port, timeoutMs = (int)lifetime.TotalMilliseconds }));
        listener.process.StandardInput.Close();
        await listener.NextAsync(line => line.TryGetProperty("listening", out _), TimeSpan.FromSeconds(15));
        return listener;
    }

    /// <summary>The next line that <paramref name="matches"/>; lines before it are passed over.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> matches, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(matches);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await lines.Reader.ReadAsync(deadline.Token);
                if (matches(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The dcmjs-dimse listener on {Port} saw nothing expected within {timeout}:\n{Transcript}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The dcmjs-dimse listener on {Port} ended:\n{Transcript}");
        }
    }

    /// <summary>The next request of <paramref name="command"/> (e.g. <c>N-EVENT-REPORT</c>).</summary>
    public Task<JsonElement> NextRequestAsync(string command, TimeSpan timeout) =>
        NextAsync(line => line.TryGetProperty("command", out var c) && c.GetString() == command, timeout);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Receive(string? line, bool endsTheLines)
    {
        if (line is null)
        {
            if (endsTheLines)
            {
                lines.Writer.TryComplete();
            }

            return;
        }

        lock (everything)
        {
            everything.Add(line);
        }

        if (!line.StartsWith('{'))
        {
            return;
        }

        // Runs on the process's output thread, where an exception would end the test host: a line that is not JSON
        // stays in the transcript only.
        try
        {
            using var document = JsonDocument.Parse(line);
            lines.Writer.TryWrite(document.RootElement.Clone());
        }
        catch (JsonException)
        {
        }
    }
}
