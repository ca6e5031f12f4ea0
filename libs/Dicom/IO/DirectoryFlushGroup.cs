namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Group commit of a directory's fsync: every caller that renamed a file into the directory waits for a flush that
/// started after it asked, but callers that ask while a flush runs share the next one. Concurrent stores (several
/// associations, or several operations on one) then pay one directory flush between them instead of one each.
/// </summary>
public sealed class DirectoryFlushGroup
{
    private readonly string directory;
    private readonly Action<string> flush;
    private readonly Lock gate = new();
    private TaskCompletionSource? next;
    private bool flushing;

    /// <summary>Flushes <paramref name="directory"/> with <see cref="DurableFile.FlushDirectory"/>.</summary>
    public DirectoryFlushGroup(string directory)
        : this(directory, DurableFile.FlushDirectory)
    {
    }

    internal DirectoryFlushGroup(string directory, Action<string> flush)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        this.directory = directory;
        this.flush = flush;
    }

    /// <summary>Completes once a flush that began after this call has finished; fails with its error.</summary>
    public Task FlushAsync()
    {
        Task waiter;
        lock (gate)
        {
            next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = next.Task;
            if (flushing)
            {
                return waiter;
            }

            flushing = true;
        }

        _ = Task.Run(FlushWhileAsked);
        return waiter;
    }

    private void FlushWhileAsked()
    {
        while (true)
        {
            TaskCompletionSource batch;
            lock (gate)
            {
                if (next is null)
                {
                    flushing = false;
                    return;
                }

                batch = next;
                next = null;
            }

            try
            {
                flush(directory);
                batch.SetResult();
            }
            catch (Exception ex)
            {
                batch.SetException(ex);
            }
        }
    }
}
