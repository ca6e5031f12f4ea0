using System.Collections.Concurrent;
using CloudRisPacs.Edge.Check;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Hosting;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.EdgeAgent.Tests.Configuration;

/// <summary>Risky but legal settings: the agent starts, logs a warning with its event id, and <c>check</c> prints a WARN line.</summary>
public sealed class ConfigurationWarningTests
{
    [Fact]
    public void A_configuration_that_leaves_nothing_open_has_no_warnings() => Assert.Empty(ConfigurationWarnings.Of(Options(Closed())));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.5")]
    public void A_status_endpoint_beyond_loopback_is_a_warning_that_says_what_it_exposes(string address)
    {
        var warning = Assert.Single(ConfigurationWarnings.Of(Options(Closed().Set("Status:ListenAddress", address))));
        Assert.Equal(810, warning.EventId.Id);
        Assert.StartsWith($"EdgeAgent:Status:ListenAddress {address} is not a loopback address", warning.Message, StringComparison.Ordinal);
        Assert.Contains("without authentication", warning.Message, StringComparison.Ordinal);
        Assert.Contains("operational data", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_endpoint_on_ipv6_loopback_is_no_warning() =>
        Assert.Empty(ConfigurationWarnings.Of(Options(Closed().Set("Status:ListenAddress", "::1"))));

    [Theory]
    [InlineData(null, "is empty")]
    [InlineData("0.0.0.0/0", "allows every address")]
    [InlineData("::/0", "allows every address")]
    public void An_mllp_listener_open_to_every_peer_is_a_warning(string? peer, string why)
    {
        var warning = Assert.Single(ConfigurationWarnings.Of(Options(Closed(peer))));
        Assert.Equal(811, warning.EventId.Id);
        Assert.StartsWith($"EdgeAgent:Mllp:AllowedPeers {why}: any host", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_calling_ae_title_is_a_warning()
    {
        var warning = Assert.Single(ConfigurationWarnings.Of(Options(Closed().Set("Dicom:AllowAnyCallingAeTitle", "true"))));
        Assert.Equal(517, warning.EventId.Id);
        Assert.StartsWith("EdgeAgent:Dicom:AllowAnyCallingAeTitle is on", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_modality_with_the_agents_own_ae_title_is_a_warning()
    {
        var settings = Closed().Set("Dicom:AeTitle", "EDGE1").Set("Dicom:Modalities:1:AeTitle", "EDGE1 ");
        var warning = Assert.Single(ConfigurationWarnings.Of(Options(settings)));
        Assert.Equal(812, warning.EventId.Id);
        Assert.StartsWith("EdgeAgent:Dicom:Modalities:1:AeTitle 'EDGE1' is the agent's own AE title", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_logs_every_warning_at_start_with_its_event_id_and_still_starts()
    {
        var settings = Risky(new AgentSettings());
        var logs = new EventLog();
        try
        {
            var app = EdgeAgentHost.Build([], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings.AsConfiguration());
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
            });
            await app.DisposeAsync();
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }

        Assert.Equal(new[] { 517, 810, 811, 812 }, logs.Warnings.Select(w => w.EventId.Id).Order());
        Assert.Contains(logs.Warnings, w => w.Message.StartsWith("EdgeAgent:Status:ListenAddress 0.0.0.0 is not a loopback address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_check_command_prints_every_warning_without_failing_on_it()
    {
        var settings = Risky(new AgentSettings());
        Directory.CreateDirectory(settings.DataFolder);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.AsConfiguration()).Build();
            var results = await ConnectivityCheck.RunAsync(configuration, CancellationToken.None);
            var lines = results.Where(r => r.Warning).Select(r => r.ToString()).ToList();
            Assert.Equal(4, lines.Count);
            Assert.All(results.Where(r => r.Warning), r => Assert.True(r.Passed));
            Assert.Contains(lines, l => l.StartsWith("WARN  Configuration: EdgeAgent:Status:ListenAddress 0.0.0.0 is not a loopback address", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("WARN  Configuration: EdgeAgent:Mllp:AllowedPeers is empty", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("WARN  Configuration: EdgeAgent:Dicom:AllowAnyCallingAeTitle is on", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("WARN  Configuration: EdgeAgent:Dicom:Modalities:0:AeTitle 'CLOUDRISPACS'", StringComparison.Ordinal));
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    // The test agent's settings with every door closed: loopback status, the RIS's address, one listed modality.
    private static AgentSettings Closed(string? risAddress = "192.0.2.10")
    {
        var settings = new AgentSettings().Set("Dicom:AllowAnyCallingAeTitle", "false").Set("Dicom:Modalities:0:AeTitle", "CT1");
        return risAddress is null ? settings : settings.Set("Mllp:AllowedPeers:0", risAddress);
    }

    // Every door open: status on every interface, any MLLP peer, any calling AE title, the agent's AE title as a modality.
    private static AgentSettings Risky(AgentSettings settings) => settings
        .Set("Status:ListenAddress", "0.0.0.0")
        .Set("Dicom:Modalities:0:AeTitle", "CLOUDRISPACS");

    private static EdgeAgentOptions Options(AgentSettings settings)
    {
        var (options, problems) = EdgeAgentConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.AsConfiguration()).Build());
        return options ?? throw new InvalidOperationException(string.Join("; ", problems));
    }

    private sealed class EventLog : ILoggerProvider
    {
        public ConcurrentQueue<(EventId EventId, string Message)> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(EventLog owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel == LogLevel.Warning)
                {
                    owner.Warnings.Enqueue((eventId, formatter(state, exception)));
                }
            }
        }
    }
}
