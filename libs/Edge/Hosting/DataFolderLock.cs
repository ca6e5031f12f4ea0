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
    /// <exception cref="EdgeConfigurationException">Another agent holds it.</exception>
    public static DataFolderLock Acquire(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, FileName);
        try
        {
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new EdgeConfigurationException(
                [$"Another edge agent is running on the data folder '{dataFolder}' (it holds {path}: {ex.Message}). " +
                 "Run one agent per data folder: stop the other one, or give this one its own EdgeAgent:DataFolder."]);
        }
    }

    public void Dispose() => file.Dispose();
}
