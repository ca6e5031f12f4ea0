using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>Runs DCMTK command-line peers with a timeout.</summary>
public static class Dcmtk
{
    public static Task<ProcessResult> RunAsync(string tool, params string[] arguments) =>
        ProcessRunner.RunAsync(PeerTools.Require(tool), arguments, TimeSpan.FromSeconds(120));

    public static Task<ProcessResult> RunAsync(string tool, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync(PeerTools.Require(tool), arguments, timeout);
}
