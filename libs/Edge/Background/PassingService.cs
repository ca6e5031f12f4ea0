using System.Diagnostics;
using CloudRisPacs.Edge.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Edge.Background;

/// <summary>
/// A background loop of passes: each pass does what is due and says how long to wait before the next; new work
/// (<see cref="Wake"/>) ends the wait early, except while the service backs off from an outage (<see cref="BackingOff"/>).
/// Forwarder, uploader and RIS delivery share this shape. A pass that throws
/// what its service did not expect is logged as critical and tried again after a growing delay: an exception that
/// escaped a background service would stop the host, and with it the listeners that keep modalities and the RIS
/// working, over and over if the agent is restarted into the same fault.
/// </summary>
public abstract class PassingService : BackgroundService
{
    private int failedPasses;

    /// <summary>The wait after the first unexpected failure; it doubles with each one in a row, up to <see cref="LongestFailureDelay"/>.</summary>
    protected virtual TimeSpan FirstFailureDelay => TimeSpan.FromSeconds(5);

    protected virtual TimeSpan LongestFailureDelay => TimeSpan.FromMinutes(5);

    /// <summary>Where an unexpected failure of a pass is logged (the service's own logger).</summary>
    protected virtual ILogger PassLogger => NullLogger.Instance;

    /// <summary>The last unexpected failure, while passes keep failing; null once a pass succeeds.</summary>
    public PassFailure? LastFailure { get; private set; }

    /// <summary>
    /// True while the service backs off from an outage: new work then does not end the wait, or every message or image
    /// arriving during an outage would start a full retry pass (with the SDK's own retries) against a cloud that is
    /// away or throttling. The new work goes with the next attempt, which reads everything pending.
    /// </summary>
    protected virtual bool BackingOff => false;

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
                var wait = await GuardedPassAsync(stoppingToken).ConfigureAwait(false);
                if (wait != TimeSpan.Zero)
                {
                    await WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>Waits <paramref name="wait"/>, or until new work arrives when not backing off. Monotonic: a clock step does not stretch it.</summary>
    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        var start = Stopwatch.GetTimestamp();
        await Wake.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
        while (BackingOff && Stopwatch.GetElapsedTime(start) is var waited && waited < wait)
        {
            await Wake.WaitAsync(wait - waited, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<TimeSpan> GuardedPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            var wait = await RunPassAsync(stoppingToken).ConfigureAwait(false);
            failedPasses = 0;
            LastFailure = null;
            return wait;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            failedPasses++;
            var delay = TimeSpan.FromTicks(Math.Min(LongestFailureDelay.Ticks, FirstFailureDelay.Ticks << Math.Min(failedPasses - 1, 16)));
            LastFailure = new PassFailure(GetType().Name, $"{ex.GetType().Name}: {ex.Message}", DateTimeOffset.UtcNow, failedPasses);
            EdgeLog.PassFailed(PassLogger, ex, GetType().Name, delay);
            return delay;
        }
    }
}
