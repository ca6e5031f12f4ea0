using System.Globalization;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>
/// Sends HL7 over TLS with python-hl7's asyncio client (Peers/mllp_tls_send.py): exit code 0 when every message was
/// acknowledged (the ACKs on standard output, one per line, segments joined by <c>|CR|</c>), 2 when TLS failed.
/// </summary>
internal static class SecureMllpSend
{
    /// <summary>Writes <paramref name="messages"/> as the script reads them: one per line, carriage returns as <c>\r</c>.</summary>
    public static string WriteMessages(string folder, params string[] messages)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, messages.Select(m => m.Replace("\r", "\\r", StringComparison.Ordinal)));
        return path;
    }

    /// <summary>Sends to the agent on localhost, trusting only <paramref name="trustedAuthorities"/>, with an optional client certificate and key.</summary>
    public static async Task<ProcessResult> RunAsync(int port, string trustedAuthorities, string messageFile, params string[] clientCertificate)
    {
        var python = await PeerTools.RequirePythonModulesAsync("hl7");
        return await ProcessRunner.RunAsync(python,
            [Path.Combine(AppContext.BaseDirectory, "Peers", "mllp_tls_send.py"), "localhost", port.ToString(CultureInfo.InvariantCulture),
             trustedAuthorities, messageFile, .. clientCertificate],
            TimeSpan.FromMinutes(1));
    }
}
