using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// The hosted service that consumes the bus: one <see cref="IBusPump"/> loop per channel of the
/// <see cref="IBusChannelSource"/>, started and stopped as the channel list changes, restarted after a failure. A failure
/// is also reported to the dispatcher's <see cref="BusDispatcher.Receiving"/>, so a status page can show it.
/// </summary>
public sealed partial class BusConsumerService : BackgroundService
{
    private readonly IBusPump pump;
    private readonly IBusChannelSource channelSource;
    private readonly BusDispatcher dispatcher;
    private readonly BusConsumerOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    public BusConsumerService(
        IBusPump pump,
        IBusChannelSource channelSource,
        BusDispatcher dispatcher,
        IOptions<BusConsumerOptions> options,
        ILogger<BusConsumerService> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.pump = pump ?? throw new ArgumentNullException(nameof(pump));
        this.channelSource = channelSource ?? throw new ArgumentNullException(nameof(channelSource));
        this.dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        this.options = options.Value;
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new Dictionary<BusChannel, (CancellationTokenSource Stop, Task Loop)>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wanted = await ReadChannelsAsync(running.Keys, stoppingToken).ConfigureAwait(false);
                foreach (var channel in wanted.Where(channel => !running.ContainsKey(channel)))
                {
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    running[channel] = (stop, RunWithRestartsAsync(channel, stop.Token));
                    LogChannelStarted(logger, channel.Name, channel.Tenant.Value);
                }

                foreach (var channel in running.Keys.Where(channel => !wanted.Contains(channel)).ToList())
                {
                    await StopAsync(running[channel]).ConfigureAwait(false);
                    running.Remove(channel);
                    LogChannelStopped(logger, channel.Name);
                }

                await Task.Delay(options.ChannelRefreshInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
        finally
        {
            foreach (var entry in running.Values)
            {
                await StopAsync(entry).ConfigureAwait(false);
            }
        }
    }

    private static async Task StopAsync((CancellationTokenSource Stop, Task Loop) entry)
    {
        await entry.Stop.CancelAsync().ConfigureAwait(false);
        await entry.Loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        entry.Stop.Dispose();
    }

    private async Task<IReadOnlySet<BusChannel>> ReadChannelsAsync(IEnumerable<BusChannel> current, CancellationToken stoppingToken)
    {
        try
        {
            return (await channelSource.GetChannelsAsync(stoppingToken).ConfigureAwait(false)).ToHashSet();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep consuming what we have; the next refresh tries again.
            LogChannelSourceFailed(logger, ex);
            return current.ToHashSet();
        }
    }

    /// <summary>
    /// The configured delay plus up to half of it at random: every agent of a fleet loses its channel in the same cloud
    /// incident, and without jitter all of them would reconnect in the same second, every time.
    /// </summary>
    internal static TimeSpan RestartDelay(TimeSpan configured, Random random) =>
        configured + TimeSpan.FromTicks((long)(random.NextDouble() * configured.Ticks / 2));

    private async Task RunWithRestartsAsync(BusChannel channel, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var delay = options.ChannelRestartDelay;
            try
            {
                await pump.RunChannelAsync(channel, dispatcher, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failing channel must not stop the others; it is logged and restarted.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                dispatcher.Receiving.Failed(channel, BusReceiveHealth.Describe(ex));
                delay = RestartDelay(options.ChannelRestartDelay, Random.Shared);
                LogChannelFailed(logger, ex, channel.Name, delay);
            }

            try
            {
                await Task.Delay(delay, timeProvider, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Consuming bus channel {Channel} of tenant {Tenant}")]
    private static partial void LogChannelStarted(ILogger logger, string channel, string tenant);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Stopped consuming bus channel {Channel}")]
    private static partial void LogChannelStopped(ILogger logger, string channel);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Bus channel {Channel} failed; restarting in {Delay}")]
    private static partial void LogChannelFailed(ILogger logger, Exception exception, string channel, TimeSpan delay);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Reading the bus channel list failed; keeping the current channels")]
    private static partial void LogChannelSourceFailed(ILogger logger, Exception exception);
}
