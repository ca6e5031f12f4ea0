using CloudRisPacs.Edge.Configuration;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// One agent per data folder. Two agents on one folder would upload the same spool twice and, worse, the second one's
/// start-up recovery would delete the files the first one is writing. The agent holds <c>agent.lock</c> in its data
/// folder with an exclusive lock for as long as it runs (the operating system drops it when the process dies, even by
/// kill -9). Operator commands (<c>check</c>, <c>requeue</c>) do not take it: they are meant to run beside the agent.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    private const string FileName = "agent.lock";

    private readonly FileStream file;

    private DataFolderLock(FileStream file) => this.file = file;

    /// <summary>Takes the lock of <paramref name="dataFolder"/> (created when missing).</summary>
    /// <exception cref="EdgeConfigurationException">Another agent holds it, or the folder cannot be written.</exception>
    public static DataFolderLock Acquire(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        var path = Path.Combine(dataFolder, FileName);
        try
        {
            Directory.CreateDirectory(dataFolder);
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException && !IsLockContention(ex)))
        {
            throw new EdgeConfigurationException(
                [$"The edge agent cannot write its data folder '{dataFolder}' ({ex.Message}). Give the user the agent runs as " +
                 "write access to it (the systemd unit runs as cloudrispacs-edge), or point EdgeAgent:DataFolder at a writable folder " +
                 "on a file system not mounted read-only."]);
        }
        catch (IOException ex)
        {
            throw new EdgeConfigurationException(
                [$"Another edge agent is running on the data folder '{dataFolder}' (it holds {path}: {ex.Message}). " +
                 "Run one agent per data folder: stop the other one, or give this one its own EdgeAgent:DataFolder."]);
        }
    }

    public void Dispose() => file.Dispose();

    // Only a lock another process holds means another agent: EWOULDBLOCK/EAGAIN from flock on Linux (11) and macOS
    // (35), a sharing or lock violation on Windows. Anything else (read-only file system, quota) is a folder problem.
    private static bool IsLockContention(Exception ex) =>
        ex.HResult is 11 or 35 || (ex.HResult & 0xFFFF) is 32 or 33 && (ex.HResult & unchecked((int)0xFFFF0000)) == unchecked((int)0x80070000);
}
