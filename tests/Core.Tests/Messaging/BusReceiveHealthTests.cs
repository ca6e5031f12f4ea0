using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloudRisPacs.Core.Tests.Messaging;

/// <summary>A channel the consumer cannot receive from is reported, from its first failure until the next receive.</summary>
public sealed class BusReceiveHealthTests
{
    [Fact]
    public async Task A_channel_that_cannot_be_received_from_is_reported_until_a_message_arrives()
    {
        var channel = BusChannel.Edge(TenantId.Parse("clinic-a"));
        var pump = new FailOncePump();
        var options = Options.Create(new BusConsumerOptions { ChannelRestartDelay = TimeSpan.FromMilliseconds(10) });
        var dispatcher = new BusDispatcher(new CompleteHandler(), options.Value.Retry);
        using var service = new BusConsumerService(pump, new StaticBusChannelSource([channel]), dispatcher, options,
            NullLogger<BusConsumerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await WaitUntil(() => pump.Restarted.Task.IsCompleted);
        var failure = Assert.Single(dispatcher.Receiving.Failures);
        Assert.Equal(channel, failure.Channel);
        Assert.Equal("InvalidOperationException: The specified queue does not exist.", failure.Reason);

        pump.Deliver.SetResult();
        await WaitUntil(() => dispatcher.Receiving.Failures.Count == 0);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Failures_keep_the_time_of_the_first_one_and_the_latest_reason()
    {
        var channel = BusChannel.Edge(TenantId.Parse("clinic-a"));
        var time = new HandTime(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero));
        var health = new BusReceiveHealth(time);
        health.Failed(channel, "unauthorized");
        var first = time.Now;
        time.Now = first.AddHours(1);
        health.Failed(channel, "not found");

        Assert.Equal(new BusReceiveFailure(channel, first, "not found"), Assert.Single(health.Failures));
        health.Received(channel);
        Assert.Empty(health.Failures);
    }

    [Fact]
    public void The_restart_delay_has_jitter_on_top_of_the_configured_delay()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 20).Select(_ => BusConsumerService.RestartDelay(TimeSpan.FromSeconds(10), random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)));
        Assert.True(delays.Distinct().Count() > 10, "the restart delays do not vary");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The first run fails as a missing queue does; the restarted run delivers one message when told to.</summary>
    private sealed class FailOncePump : IBusPump
    {
        private int runs;

        public TaskCompletionSource Restarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Deliver { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunChannelAsync(BusChannel channel, BusDispatcher dispatcher, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                throw new InvalidOperationException("The specified queue does not exist.\nStatus: 404 (The specified queue does not exist.)");
            }

            Restarted.TrySetResult();
            await Deliver.Task.WaitAsync(cancellationToken);
            var message = new BusMessage { MessageId = "m1", Kind = "test.kind", SessionKey = "clinic-a/-", Body = new byte[] { 1 } };
            await dispatcher.DispatchAsync(message, new BusDelivery(channel, 1, "1", null), cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    private sealed class CompleteHandler : IBusMessageHandler
    {
        public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken) =>
            Task.FromResult(BusHandlingResult.Complete);
    }

    private sealed class HandTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
