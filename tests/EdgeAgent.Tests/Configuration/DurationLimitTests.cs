using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CloudRisPacs.EdgeAgent.Tests.Configuration;

/// <summary>
/// A duration past .NET's timer limit (~49.7 days) passed validation and, a second after start, stopped the whole agent
/// with exit code 0: it is now refused at start with its key, and a host stopped by a fault is told from a clean stop.
/// </summary>
public sealed class DurationLimitTests
{
    [Theory]
    [InlineData("Worklist:FullSyncInterval")]
    [InlineData("HeartbeatInterval")]
    [InlineData("Forwarder:IdlePollInterval")]
    [InlineData("Dicom:CommitmentTimeout")]
    public void A_duration_past_the_limit_is_refused_with_its_key(string key)
    {
        var options = new EdgeAgentOptions();
        Set(options, key, TimeSpan.FromDays(100));
        Assert.Contains(EdgeAgentOptionsValidator.Validate(options),
            p => p.StartsWith($"EdgeAgent:{key} is 100.00:00:00: at most 30 days", StringComparison.Ordinal));
        Set(options, key, TimeSpan.FromDays(30));
        Assert.DoesNotContain(EdgeAgentOptionsValidator.Validate(options), p => p.Contains(key + " is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_stopped_by_a_failed_background_service_is_told_from_a_clean_stop()
    {
        using var faulted = Host.CreateApplicationBuilder().Services.AddHostedService<Failing>().BuildServiceProvider();
        var failing = faulted.GetServices<IHostedService>().OfType<Failing>().Single();
        await failing.StartAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => failing.ExecuteTask!);
        Assert.IsType<ArgumentOutOfRangeException>(HostFault.Find(faulted));

        using var clean = new ServiceCollection().AddHostedService<Failing>().BuildServiceProvider();
        Assert.Null(HostFault.Find(clean));
    }

    private static void Set(EdgeAgentOptions options, string key, TimeSpan value)
    {
        switch (key)
        {
            case "Worklist:FullSyncInterval": options.Worklist.FullSyncInterval = value; break;
            case "HeartbeatInterval": options.HeartbeatInterval = value; break;
            case "Forwarder:IdlePollInterval": options.Forwarder.IdlePollInterval = value; break;
            default: options.Dicom.CommitmentTimeout = value; break;
        }
    }

    private sealed class Failing : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(TimeSpan.FromDays(100), stoppingToken);
    }
}
