using CloudRisPacs.Edge.Background;
using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Resilience;

/// <summary>
/// A background service's pass that throws what the service did not expect neither stops the host (and with it the
/// listeners) nor goes unseen: it is retried after a growing delay and shown until a pass succeeds.
/// </summary>
public sealed class PassingServiceTests
{
    [Fact]
    public async Task Unexpected_failures_are_retried_after_growing_delays_shown_and_cleared_by_a_good_pass()
    {
        using var service = new FlakyService(failures: 3);
        await service.StartAsync(CancellationToken.None);

        await service.Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var failure = service.FailureBeforeGoodPass;
        Assert.NotNull(failure);
        Assert.Equal((nameof(FlakyService), 3), (failure.Service, failure.FailedPasses));
        Assert.Equal("InvalidOperationException: pass 3 broke", failure.Reason);

        await Eventually.HoldsAsync(() => service.LastFailure is null, "a good pass clears the failure", 10);
        Assert.False(service.ExecuteTask!.IsCompleted); // still running: the host was not stopped
        var gaps = service.PassTimes.Zip(service.PassTimes.Skip(1), (a, b) => b - a).Take(3).ToList();
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(40) && gaps[1] >= TimeSpan.FromMilliseconds(90) && gaps[2] >= TimeSpan.FromMilliseconds(190),
            string.Join(", ", gaps));
        await service.StopAsync(CancellationToken.None);
    }

    private sealed class FlakyService(int failures) : PassingService
    {
        private int passes;

        public PassFailure? FailureBeforeGoodPass { get; private set; }

        public TaskCompletionSource Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<DateTimeOffset> PassTimes { get; } = [];

        protected override TimeSpan FirstFailureDelay => TimeSpan.FromMilliseconds(50);

        internal override Task<TimeSpan> RunPassAsync(CancellationToken cancellationToken)
        {
            PassTimes.Add(DateTimeOffset.UtcNow);
            var pass = ++passes;
            if (pass == failures + 1)
            {
                FailureBeforeGoodPass = LastFailure; // what the status page showed until now
                Succeeded.TrySetResult();
            }

            return pass <= failures
                ? throw new InvalidOperationException($"pass {pass} broke")
                : Task.FromResult(TimeSpan.FromSeconds(30));
        }
    }
}
