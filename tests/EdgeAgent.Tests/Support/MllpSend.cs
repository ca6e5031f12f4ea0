using System.Globalization;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>Runs python-hl7's <c>mllp_send</c> and reads the acknowledgements it printed, in order.</summary>
internal static class MllpSend
{
    public static async Task<(ProcessResult Result, IReadOnlyList<AckMessage> Acks)> RunAsync(string file, int port, TimeSpan timeout)
    {
        var tool = PeerTools.Require("mllp_send");
        var result = await ProcessRunner.RunAsync(tool, ["-p", port.ToString(CultureInfo.InvariantCulture), "-f", file, "127.0.0.1"], timeout);
        return (result, ParseAcks(result.StandardOutput));
    }

    /// <summary>Each response mllp_send printed (framed with 0x0B … 0x1C); a trailing partial frame is ignored.</summary>
    public static IReadOnlyList<AckMessage> ParseAcks(string output) =>
        output.Split('\u000b', StringSplitOptions.RemoveEmptyEntries)
            .Where(chunk => chunk.Contains('\u001c', StringComparison.Ordinal))
            .Select(chunk => new AckMessage(Hl7Message.Parse(chunk[..chunk.IndexOf('\u001c', StringComparison.Ordinal)])))
            .ToList();
}
