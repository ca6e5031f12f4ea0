using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Tests.Storage;

/// <summary>Group commit of the folder flush: whoever asks gets a flush that began after asking, and waiting callers share one.</summary>
public sealed class DirectoryFlushGroupTests
{
    [Fact]
    public async Task Callers_that_ask_during_a_flush_share_the_next_one()
    {
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var releaseFirst = new ManualResetEventSlim();
        var flushes = 0;
        var group = new DirectoryFlushGroup("folder", _ =>
        {
            if (Interlocked.Increment(ref flushes) == 1)
            {
                firstStarted.SetResult();
                releaseFirst.Wait(TimeSpan.FromMinutes(1));
            }
        });

        var first = group.FlushAsync();
        await firstStarted.Task;
        var later = Enumerable.Range(0, 10).Select(_ => group.FlushAsync()).ToArray();
        Assert.False(first.IsCompleted);
        Assert.All(later, waiter => Assert.False(waiter.IsCompleted));

        releaseFirst.Set();
        await Task.WhenAll([first, .. later]);

        Assert.Equal(2, flushes);
    }

    [Fact]
    public async Task A_failed_flush_fails_its_callers_and_the_next_one_runs_again()
    {
        var calls = 0;
        var group = new DirectoryFlushGroup("folder", _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("disk gone");
            }
        });

        var failed = await Assert.ThrowsAsync<IOException>(group.FlushAsync);
        Assert.Equal("disk gone", failed.Message);

        await group.FlushAsync();
        Assert.Equal(2, calls);
    }
}
