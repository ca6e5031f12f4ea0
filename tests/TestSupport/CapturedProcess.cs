using System.Diagnostics;
using System.Text;

namespace CloudRisPacs.TestSupport;

/// <summary>A started process whose standard output and error are collected as they come; killed with its children when disposed.</summary>
public sealed class CapturedProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();

    private CapturedProcess(ProcessStartInfo info)
    {
        Process = new Process { StartInfo = info };
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Everything written so far, standard output and error interleaved as received.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="info"/> (whose output must be redirected, as <see cref="ProcessRunner.CreateStartInfo"/> sets it).</summary>
    public static CapturedProcess Start(ProcessStartInfo info) => new(info);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
