using System.Collections.Concurrent;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Forwarding;

/// <summary>The forwarder against a real outbox database: a disk that stalls, a cloud that is away, a clock that steps back.</summary>
public sealed class OutboxForwarderTests
{
    [Fact]
    public async Task While_sent_marks_cannot_commit_each_session_lane_publishes_at_most_two_entries()
    {
        await using var temp = new TempDatabase();
        var tenant = TenantId.Parse($"fwd{Guid.NewGuid().ToString("N")[..10]}");
        var site = new EdgeSite(tenant, "test", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), "dicom-test");
        for (var i = 0; i < 120; i++)
        {
            await temp.Outbox.EnqueueAsync(new BusMessage
            {
                MessageId = $"m{i:D3}",
                Kind = BusMessageKinds.Hl7Received,
                SessionKey = $"patient-{i % 12}",
                Body = new byte[] { 1, 2, 3 },
            });
        }

        var options = new ForwarderOptions { Parallelism = 3 };
        var publisher = new RecordingPublisher();
        var forwarder = new OutboxForwarder(temp.Outbox, publisher, site, options, new CloudContact(TimeProvider.System),
            new EdgeCounters(), TimeProvider.System, NullLogger<OutboxForwarder>.Instance);

        // A write that does not finish holds the group committer: no "sent" mark can become durable behind it.
        using var disk = new ManualResetEventSlim();
        var stalled = temp.Database.WriteAsync(_ => disk.Wait(TimeSpan.FromMinutes(2)));
        var pass = forwarder.RunPassAsync(CancellationToken.None);

        var bound = 2 * options.Parallelism;
        try
        {
            await Eventually.HoldsAsync(() => publisher.Published.Count >= bound, $"{bound} entries were published", 30);
            await Task.Delay(500); // time in which an unbounded forwarder would publish the other 114
            Assert.Equal(bound, publisher.Published.Count);
            Assert.False(pass.IsCompleted);
        }
        finally
        {
            disk.Set();
        }

        await stalled;
        await pass.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(120, publisher.Published.Distinct().Count());
        Assert.Empty(await temp.Outbox.ReadPendingAsync(1000));
        foreach (var session in publisher.Published.GroupBy(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) % 12))
        {
            Assert.Equal(session.OrderBy(id => id, StringComparer.Ordinal), session);
        }
    }

    /// <summary>
    /// Every message the RIS sent during an outage (or throttling) used to wake the forwarder for an immediate new
    /// attempt: the backoff held only while the site was quiet.
    /// </summary>
    [Fact]
    public async Task New_work_during_an_outage_does_not_bypass_the_backoff()
    {
        await using var temp = new TempDatabase();
        var publisher = new DownPublisher();
        var options = new ForwarderOptions { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(2) };
        using var forwarder = new OutboxForwarder(temp.Outbox, publisher, Site(), options, new CloudContact(TimeProvider.System),
            new EdgeCounters(), TimeProvider.System, NullLogger<OutboxForwarder>.Instance);
        await temp.Outbox.EnqueueAsync(Message(0, "clinic-a/p0"));
        await forwarder.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => publisher.Attempts >= 1, "the first attempt", 10);
        for (var i = 1; i <= 40; i++)
        {
            await temp.Outbox.EnqueueAsync(Message(i, $"clinic-a/p{i}")); // the RIS keeps sending, ~20 per second
            await Task.Delay(50);
        }

        await forwarder.StopAsync(CancellationToken.None);
        // The first outage asks for 15-30 s of quiet; within these ~2 s there is no further attempt.
        Assert.Equal(1, publisher.Attempts);
    }

    /// <summary>
    /// A refused entry's retry is scheduled on the wall clock. After NTP stepped the clock back (fixing a clock that ran
    /// ahead), the entry and every later entry of its session used to wait for the clock to catch up: here 3 hours.
    /// </summary>
    [Fact]
    public async Task A_refused_entry_is_not_held_for_hours_after_the_clock_steps_back()
    {
        await using var temp = new TempDatabase();
        var clock = new SettableTime(DateTimeOffset.UtcNow);
        var publisher = new RefuseOncePublisher();
        var outbox = new OutboxStore(temp.Database, clock);
        using var forwarder = RefusalForwarder(outbox, clock, publisher, retryDelay: TimeSpan.FromSeconds(1));
        await outbox.EnqueueAsync(Message(1, "clinic-a/-"));
        await outbox.EnqueueAsync(Message(2, "clinic-a/-"));
        await forwarder.RunPassAsync(CancellationToken.None); // m001 refused once: retry in 0.5-1 s, m002 waits behind it
        Assert.Empty(publisher.Published);

        clock.Now -= TimeSpan.FromHours(3);
        await forwarder.RunPassAsync(CancellationToken.None);

        Assert.Equal(["m001", "m002"], publisher.Published);
    }

    [Fact]
    public async Task A_refused_entry_waits_its_retry_delay_when_the_clock_does_not_step()
    {
        await using var temp = new TempDatabase();
        var clock = new SettableTime(DateTimeOffset.UtcNow);
        var publisher = new RefuseOncePublisher();
        var outbox = new OutboxStore(temp.Database, clock);
        using var forwarder = RefusalForwarder(outbox, clock, publisher, retryDelay: TimeSpan.FromMinutes(1));
        await outbox.EnqueueAsync(Message(1, "clinic-a/-"));
        await forwarder.RunPassAsync(CancellationToken.None); // refused: retry in 30-60 s

        await forwarder.RunPassAsync(CancellationToken.None);
        Assert.Empty(publisher.Published);
        clock.Now += TimeSpan.FromMinutes(1);
        await forwarder.RunPassAsync(CancellationToken.None);
        Assert.Equal(["m001"], publisher.Published);
    }

    private static OutboxForwarder RefusalForwarder(OutboxStore outbox, TimeProvider clock, IBusPublisher publisher, TimeSpan retryDelay) =>
        new(outbox, publisher, Site(), new ForwarderOptions { RetryDelay = retryDelay, MaxRetryDelay = TimeSpan.FromMinutes(2) },
            new CloudContact(clock), new EdgeCounters(), clock, NullLogger<OutboxForwarder>.Instance);

    private static EdgeSite Site()
    {
        var tenant = TenantId.Parse("clinic-a");
        return new EdgeSite(tenant, "test", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), "dicom-clinic-a");
    }

    private static BusMessage Message(int i, string session) => new()
    {
        MessageId = $"m{i:D3}", Kind = BusMessageKinds.Hl7Received, SessionKey = session, Body = new byte[] { 1 },
    };

    private sealed class DownPublisher : IBusPublisher
    {
        private int attempts;

        public int Attempts => Volatile.Read(ref attempts);

        public Task PublishAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref attempts);
            throw new HttpRequestException("Name or service not known (ingress.servicebus.windows.net:443)");
        }

        public Task PublishBatchAsync(BusChannel channel, IReadOnlyList<BusMessage> messages, CancellationToken cancellationToken = default) =>
            PublishAsync(channel, messages[0], cancellationToken);
    }

    private sealed class SettableTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Refuses the first message (as the cloud refuses an invalid one), then accepts.</summary>
    private sealed class RefuseOncePublisher : IBusPublisher
    {
        private bool refused;

        public List<string> Published { get; } = [];

        public Task PublishAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken = default)
        {
            if (!refused)
            {
                refused = true;
                throw new ArgumentException("refused once");
            }

            Published.Add(message.MessageId);
            return Task.CompletedTask;
        }

        public Task PublishBatchAsync(BusChannel channel, IReadOnlyList<BusMessage> messages, CancellationToken cancellationToken = default) =>
            PublishAsync(channel, messages[0], cancellationToken);
    }

    private sealed class RecordingPublisher : IBusPublisher
    {
        public ConcurrentQueue<string> Published { get; } = new();

        public Task PublishAsync(BusChannel channel, BusMessage message, CancellationToken cancellationToken = default)
        {
            Published.Enqueue(message.MessageId);
            return Task.CompletedTask;
        }

        public async Task PublishBatchAsync(BusChannel channel, IReadOnlyList<BusMessage> messages, CancellationToken cancellationToken = default)
        {
            foreach (var message in messages)
            {
                await PublishAsync(channel, message, cancellationToken);
            }
        }
    }
}
