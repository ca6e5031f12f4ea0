using System.Net;
using System.Net.Sockets;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.EdgeAgent.Tests.DicomServices;

/// <summary>The host check's name look-ups, with a scripted resolver in place of DNS and a clock moved by hand.</summary>
public sealed class ModalityGateTests
{
    private static readonly IPAddress Before = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress After = IPAddress.Parse("10.1.2.4");

    [Fact]
    public async Task A_host_that_did_not_resolve_at_start_is_looked_up_again_when_its_modality_calls_at_most_every_30_seconds()
    {
        await using var fixture = await GateFixture.StartAsync(answer: null);
        Assert.Contains("which did not resolve", fixture.Gate.Refusal(From(Before)), StringComparison.Ordinal);

        fixture.Answer = [Before];
        fixture.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.NotNull(fixture.Gate.Refusal(From(Before)));
        Assert.Equal(1, fixture.LookUps);

        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(fixture.Gate.Refusal(From(Before)));
        Assert.Equal(2, fixture.LookUps);
    }

    [Fact]
    public async Task A_modality_that_moved_to_another_address_is_admitted_there_and_the_change_is_logged()
    {
        await using var fixture = await GateFixture.StartAsync(answer: [Before]);
        Assert.Null(fixture.Gate.Refusal(From(Before)));

        fixture.Answer = [After];
        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(fixture.Gate.Refusal(From(After)));
        Assert.Contains("(10.1.2.4) but connected from 10.1.2.3", fixture.Gate.Refusal(From(Before)), StringComparison.Ordinal);

        Assert.Equal(2, fixture.LookUps);
        Assert.True(fixture.Logs.Contains("Modality CT_ROOM1: host 'ct-room1.clinic.test' now resolves to 10.1.2.4 (was 10.1.2.3)"), fixture.Logs.Dump());
    }

    private static DicomAssociationCandidate From(IPAddress address) => new("CT_ROOM1", "CLOUDRISPACS", new IPEndPoint(address, 50123));

    private sealed class GateFixture : IAsyncDisposable
    {
        private readonly ILoggerFactory loggers;
        private int lookUps;

        private GateFixture()
        {
            loggers = LoggerFactory.Create(builder => builder.AddProvider(Logs));
            var options = new DicomListenerOptions { CheckModalityHosts = true };
            options.Modalities.Add(new DicomPeerOptions { AeTitle = "CT_ROOM1", Host = "ct-room1.clinic.test" });
            Gate = new ModalityGate(options, loggers.CreateLogger<ModalityGate>(), ResolveAsync, Time);
        }

        public CapturedLogs Logs { get; } = new();

        public HandMovedTime Time { get; } = new();

        public ModalityGate Gate { get; }

        /// <summary>What the resolver answers; null: the name does not resolve.</summary>
        public IPAddress[]? Answer { get; set; }

        public int LookUps => Volatile.Read(ref lookUps);

        public static async Task<GateFixture> StartAsync(IPAddress[]? answer)
        {
            var fixture = new GateFixture { Answer = answer };
            await fixture.Gate.ResolveAsync(CancellationToken.None);
            return fixture;
        }

        public ValueTask DisposeAsync()
        {
            loggers.Dispose();
            return ValueTask.CompletedTask;
        }

        private Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Assert.Equal("ct-room1.clinic.test", host);
            Interlocked.Increment(ref lookUps);
            return Answer is { } answer ? Task.FromResult(answer) : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }
    }

    private sealed class HandMovedTime : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
