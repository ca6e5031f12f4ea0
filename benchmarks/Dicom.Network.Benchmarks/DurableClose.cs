using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>
/// Builds durable-close.c into an LD_PRELOAD library that makes storescp flush each received file and its folder
/// before it answers, so that our fsync'd receiver can also be compared with a DCMTK receiver that keeps the same
/// promise (storescp itself has no fsync option).
/// </summary>
internal static class DurableClose
{
    /// <summary>The built library, or null with the reason when no C compiler is at hand.</summary>
    public static async Task<(string? Library, string? Reason)> BuildAsync(string folder)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "durable-close.c");
        var library = Path.Combine(folder, "durable-close.so");
        ProcessResult result;
        try
        {
            result = await Peer.RunSystemAsync("gcc", "-O2", "-shared", "-fPIC", "-o", library, source, "-ldl");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, $"gcc is not installed ({ex.Message})");
        }

        return result.ExitCode == 0 ? (library, null) : (null, $"gcc failed: {result.StandardError.Trim()}");
    }
}
