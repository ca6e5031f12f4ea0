using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>
/// Runs DCMTK command-line peers with a timeout. TCP_NODELAY=1 turns off Nagle's algorithm in DCMTK (it is on unless
/// the variable says otherwise); without it every small message waits for a delayed acknowledgement (about 40 ms).
/// </summary>
public static class Dcmtk
{
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string> { ["TCP_NODELAY"] = "1" };

    public static Task<ProcessResult> RunAsync(string tool, params string[] arguments) =>
        RunAsync(tool, TimeSpan.FromSeconds(120), arguments);

    public static Task<ProcessResult> RunAsync(string tool, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync(PeerTools.Require(tool), arguments, timeout, environment: Environment);
}
