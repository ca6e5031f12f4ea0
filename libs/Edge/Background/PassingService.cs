using Microsoft.Extensions.Hosting;

namespace CloudRisPacs.Edge.Background;

/// <summary>
/// A background loop of passes: each pass does what is due and says how long to wait before the next; new work
/// (<see cref="Wake"/>) ends the wait early. Forwarder, uploader and RIS delivery share this shape.
/// </summary>
public abstract class PassingService : BackgroundService
{
    /// <summary>Set when new work was committed.</summary>
    protected WakeSignal Wake { get; } = new();

    /// <summary>One pass; returns how long to wait before the next (zero: at once).</summary>
    internal abstract Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Runs once before the first pass (clean-up after a crash, for example).</summary>
    protected virtual Task BeforeFirstPassAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await BeforeFirstPassAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = await RunPassAsync(stoppingToken).ConfigureAwait(false);
                if (wait != TimeSpan.Zero)
                {
                    await Wake.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
