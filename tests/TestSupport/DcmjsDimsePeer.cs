using System.Text.Json;

namespace CloudRisPacs.TestSupport;

/// <summary>
/// dcmjs-dimse (Node.js) as the independent peer for MPPS and Storage Commitment, which DCMTK ships no tool for: the
/// pinned package in <c>tools/dimse-peer</c> (installed by <c>./test.sh</c>) driven by its script with a JSON plan.
/// Datasets cross as dcmjs "naturalized" JSON: keywords as keys, sequences as arrays of objects.
/// </summary>
public static class DcmjsDimsePeer
{
    /// <summary>The peer script, checked to have its package installed.</summary>
    public static string Script
    {
        get
        {
            var folder = RepositoryPaths.Combine("tools", "dimse-peer");
            return Directory.Exists(Path.Combine(folder, "node_modules", "dcmjs-dimse"))
                ? Path.Combine(folder, "dimse-peer.js")
                : throw new PeerToolMissingException(
                    $"dcmjs-dimse is not installed in {folder}: run 'npm ci' there (./test.sh does this).");
        }
    }

    /// <summary>Node.js, which runs the peer.</summary>
    public static string Node => PeerTools.Require("node");

    /// <summary>
    /// Opens one association, sends the plan's requests in order, answers the N-EVENT-REPORTs that arrive on it (waiting
    /// for <see cref="DimseSendPlan.EventReports"/> of them), releases, and returns what the peer saw.
    /// </summary>
    public static async Task<DimseSendResult> SendAsync(DimseSendPlan plan, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = await ProcessRunner.RunAsync(Node, [Script, "send"], timeout, JsonSerializer.Serialize(plan));
        var lastLine = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (result.ExitCode == 1 || lastLine is null)
        {
            throw new InvalidOperationException($"dimse-peer failed (exit {result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }

        using var document = JsonDocument.Parse(lastLine);
        return new DimseSendResult(document.RootElement.Clone(), result.StandardError);
    }

    /// <summary>Starts the peer as an SCP on <paramref name="port"/> that accepts Verification, MPPS and Storage Commitment and records every request.</summary>
    public static Task<DimsePeerListener> ListenAsync(int port, TimeSpan lifetime) => DimsePeerListener.StartAsync(Node, Script, port, lifetime);
}
