namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Runs the single asynchronous implementation of a read in its synchronous mode: with <c>useAsync: false</c> it never
/// awaits anything pending, so the task is complete when it returns.
/// </summary>
internal static class Synchronously
{
    public static T Complete<T>(ValueTask<T> task)
    {
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("A synchronous read went asynchronous.");
        }

        return task.Result;
    }
}
