using System.Threading.Channels;

namespace CloudRisPacs.Edge.Background;

/// <summary>Wakes a background loop early: any number of <see cref="Set"/> calls while it sleeps wake it once.</summary>
public sealed class WakeSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Set() => channel.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Set"/> is called or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (channel.Reader.TryRead(out _))
        {
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);
        }

        try
        {
            await channel.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout passed: look for work anyway.
        }
    }
}
