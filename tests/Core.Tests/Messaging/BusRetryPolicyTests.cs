using CloudRisPacs.Core.Messaging;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Core.Tests.Messaging;

public sealed class BusRetryPolicyTests
{
    private static readonly BusRetryPolicy Policy = new() { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromMinutes(10) };

    [Property(MaxTest = 500)]
    public Property The_delay_never_shrinks_from_one_delivery_to_the_next_whatever_the_jitter(PositiveInt delivery, NormalFloat a, NormalFloat b)
    {
        var n = Math.Min(delivery.Get, 60);
        var jitterA = Math.Abs(a.Get) % 1;
        var jitterB = Math.Abs(b.Get) % 1;

        return (Policy.DelayAfter(n + 1, jitterB) >= Policy.DelayAfter(n, jitterA)).ToProperty();
    }

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(3, 0.5, 3000)]
    [InlineData(40, 1.0, 600_000)]
    public void Delay_is_half_to_all_of_the_exponential_step_capped_at_the_maximum(int delivery, double jitter, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), Policy.DelayAfter(delivery, jitter));
    }

    [Fact]
    public void Invalid_settings_are_listed()
    {
        var problems = new BusRetryPolicy { MaxDeliveryCount = 0, BaseDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(1) }.Validate();

        Assert.Equal(2, problems.Count);
    }
}
