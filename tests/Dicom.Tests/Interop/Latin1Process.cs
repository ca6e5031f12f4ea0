using System.Text;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Interop;

/// <summary>Runs a peer whose output holds raw bytes (dcmdump prints values undecoded), reading it as ISO 8859-1 so each byte stays one character.</summary>
public static class Latin1Process
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = ProcessRunner.CreateStartInfo(fileName, arguments);
        startInfo.StandardOutputEncoding = Encoding.Latin1;
        startInfo.StandardErrorEncoding = Encoding.Latin1;
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        using var cancel = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
