using System.Collections.Concurrent;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloudRisPacs.Core.Tests.Messaging;

/// <summary>The consumer service's supervision: channels follow the channel source, a failing channel is restarted.</summary>
public sealed class BusConsumerServiceTests
{
    [Fact]
    public async Task Channels_start_and_stop_as_the_source_changes_and_a_failed_channel_restarts()
    {
        var a = BusChannel.Ingress(TenantId.Parse("clinic-a"));
        var b = BusChannel.Ingress(TenantId.Parse("clinic-b"));
        var source = new ChangingSource([a]);
        var pump = new ScriptedPump(failFirstRunOf: a);
        var options = Options.Create(new BusConsumerOptions
        {
            ChannelRefreshInterval = TimeSpan.FromMilliseconds(50),
            ChannelRestartDelay = TimeSpan.FromMilliseconds(10),
        });
        var dispatcher = new BusDispatcher(new NoOpHandler(), options.Value.Retry);
        using var service = new BusConsumerService(pump, source, dispatcher, options, NullLogger<BusConsumerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await WaitUntil(() => pump.Runs(a) >= 2 && pump.IsRunning(a));
        source.Channels = [b];
        await WaitUntil(() => pump.IsRunning(b) && !pump.IsRunning(a));
        await service.StopAsync(CancellationToken.None);

        Assert.False(pump.IsRunning(b));
        Assert.Equal(2, pump.Runs(a));
        Assert.Equal(1, pump.Runs(b));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class ChangingSource(IReadOnlyCollection<BusChannel> channels) : IBusChannelSource
    {
        public IReadOnlyCollection<BusChannel> Channels { get; set; } = channels;

        public Task<IReadOnlyCollection<BusChannel>> GetChannelsAsync(CancellationToken cancellationToken) => Task.FromResult(Channels);
    }

    private sealed class ScriptedPump(BusChannel failFirstRunOf) : IBusPump
    {
        private readonly ConcurrentDictionary<BusChannel, int> runs = new();
        private readonly ConcurrentDictionary<BusChannel, bool> running = new();

        public int Runs(BusChannel channel) => runs.GetValueOrDefault(channel);

        public bool IsRunning(BusChannel channel) => running.GetValueOrDefault(channel);

        public async Task RunChannelAsync(BusChannel channel, BusDispatcher dispatcher, CancellationToken cancellationToken)
        {
            var run = runs.AddOrUpdate(channel, 1, (_, count) => count + 1);
            if (channel == failFirstRunOf && run == 1)
            {
                throw new InvalidOperationException("queue unreachable");
            }

            running[channel] = true;
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                running[channel] = false;
            }
        }
    }

    private sealed class NoOpHandler : IBusMessageHandler
    {
        public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken) =>
            Task.FromResult(BusHandlingResult.Complete);
    }
}
