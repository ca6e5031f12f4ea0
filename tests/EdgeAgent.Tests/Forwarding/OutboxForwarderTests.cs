using System.Collections.Concurrent;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Forwarding;

/// <summary>The forwarder against a real outbox database whose disk stalls.</summary>
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
