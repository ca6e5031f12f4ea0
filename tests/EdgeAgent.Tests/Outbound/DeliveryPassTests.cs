using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Edge.Background;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Outbound;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Outbound;

/// <summary>The RIS delivery pass over a real store and a scripted RIS (python-hl7), one pass at a time.</summary>
public sealed class DeliveryPassTests
{
    [Fact]
    public async Task A_retry_scheduled_beyond_the_longest_delay_after_the_clock_stepped_back_is_tried_at_once()
    {
        await using var ris = await RisListener.StartAsync("AA");
        await using var temp = new TempDatabase();
        var options = new RisEndpointOptions { Host = "127.0.0.1", Port = ris.Port, ResponseTimeout = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        using var delivery = Delivery(temp, options);
        var now = DateTimeOffset.UtcNow;
        await temp.Outbound.EnqueueAsync(new OutboundItem("out-clock", OutboundItem.ResultKind, "ORU-C", Encoding.ASCII.GetBytes(Hl7Samples.Oru("ORU-C", "P1")), null, now));
        // What a failed attempt scheduled before the clock went back 60 days: a retry far beyond any backoff.
        await temp.Outbound.RecordFailedAttemptAsync("out-clock", "AE", "RIS answered AE", 1, now.AddDays(60), park: false, null);

        Assert.Equal(TimeSpan.Zero, await delivery.RunPassAsync(CancellationToken.None));

        Assert.Equal(1, (await temp.Outbound.GetStateAsync("out-clock"))!.Value.State); // delivered
        Assert.Equal(["AA"], ris.Received().Select(r => r.Answer));
    }

    [Fact]
    public async Task A_retry_within_the_longest_delay_still_waits_its_turn()
    {
        await using var ris = await RisListener.StartAsync("AA");
        await using var temp = new TempDatabase();
        using var delivery = Delivery(temp, new RisEndpointOptions { Host = "127.0.0.1", Port = ris.Port, MaxRetryDelay = TimeSpan.FromMinutes(5) });
        var now = DateTimeOffset.UtcNow;
        await temp.Outbound.EnqueueAsync(new OutboundItem("out-wait", OutboundItem.ResultKind, "ORU-W", Encoding.ASCII.GetBytes(Hl7Samples.Oru("ORU-W", "P1")), null, now));
        await temp.Outbound.RecordFailedAttemptAsync("out-wait", "AE", "RIS answered AE", 1, now.AddMinutes(4), park: false, null);

        var wait = await delivery.RunPassAsync(CancellationToken.None);

        Assert.InRange(wait, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(4));
        Assert.Empty(ris.Received());
    }

    // CA+AA: the commit ACK, then the application ACK for one message (MSH-16=NE notwithstanding): each must be read as
    // what it answers. AA+close: a RIS closing the connection after each ACK (or when idle) must not cost an attempt.
    [Theory]
    [InlineData("CA+AA")]
    [InlineData("AA+close")]
    public async Task Every_message_is_delivered_once_at_the_first_attempt_to_a_RIS_answering(string script)
    {
        await using var ris = await RisListener.StartAsync(script);
        await using var temp = new TempDatabase();
        using var delivery = Delivery(temp, new RisEndpointOptions { Host = "127.0.0.1", Port = ris.Port, ResponseTimeout = TimeSpan.FromSeconds(5) });
        string[] ids = ["ORU-D1", "ORU-D2", "ORU-D3", "ORU-D4"];
        await EnqueueAsync(temp, ids);

        await DeliverAllAsync(delivery, passes: 4);

        foreach (var id in ids)
        {
            Assert.Equal((1, 1), ((await temp.Outbound.GetStateAsync($"out-{id}"))!.Value.State, (await temp.Outbound.GetStateAsync($"out-{id}"))!.Value.Attempts));
        }

        Assert.Equal(ids, ris.Received().Select(r => r.Message.Split('|')[9]));
    }

    [Fact]
    public async Task A_RIS_answering_AR_while_it_restarts_holds_the_result_without_costing_attempts_then_takes_it()
    {
        await using var ris = await RisListener.StartAsync("AR,AR,AR,AR,AA");
        await using var temp = new TempDatabase();
        using var delivery = Delivery(temp, new RisEndpointOptions { Host = "127.0.0.1", Port = ris.Port, MaxAttempts = 2, MaxRetryDelay = TimeSpan.FromMinutes(5) });
        await EnqueueAsync(temp, ["ORU-AR"]);

        for (var pass = 1; pass <= 4; pass++)
        {
            Assert.InRange(await delivery.RunPassAsync(CancellationToken.None), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
            Assert.Equal((0, 0), ((await temp.Outbound.GetStateAsync("out-ORU-AR"))!.Value.State, (await temp.Outbound.GetStateAsync("out-ORU-AR"))!.Value.Attempts));
            Assert.True(delivery.RisUnreachable); // /status: the RIS cannot take messages now
        }

        await DeliverAllAsync(delivery, passes: 1);
        Assert.Equal((1, 1), ((await temp.Outbound.GetStateAsync("out-ORU-AR"))!.Value.State, (await temp.Outbound.GetStateAsync("out-ORU-AR"))!.Value.Attempts));
        Assert.False(delivery.RisUnreachable);
    }

    [Fact]
    public async Task A_result_the_RIS_keeps_answering_AR_is_parked_after_the_limit_and_the_next_one_goes_through()
    {
        // An interface engine whose filter rejects a message answers AR for it every time.
        await using var ris = await RisListener.StartAsync("AR,AR,AA");
        await using var temp = new TempDatabase();
        using var delivery = Delivery(temp, new RisEndpointOptions
        {
            Host = "127.0.0.1", Port = ris.Port, MaxAttempts = 5, UnavailableParkAfter = TimeSpan.FromMilliseconds(200),
        });
        await EnqueueAsync(temp, ["ORU-FILTERED", "ORU-NEXT"]);

        await delivery.RunPassAsync(CancellationToken.None);
        Assert.Equal((0, 0), ((await temp.Outbound.GetStateAsync("out-ORU-FILTERED"))!.Value.State, (await temp.Outbound.GetStateAsync("out-ORU-FILTERED"))!.Value.Attempts));
        await Task.Delay(300);
        await delivery.RunPassAsync(CancellationToken.None);
        Assert.Equal(2, (await temp.Outbound.GetStateAsync("out-ORU-FILTERED"))!.Value.State);

        await DeliverAllAsync(delivery, passes: 1);
        Assert.Equal(1, (await temp.Outbound.GetStateAsync("out-ORU-NEXT"))!.Value.State);
    }

    private static async Task EnqueueAsync(TempDatabase temp, IEnumerable<string> controlIds)
    {
        foreach (var id in controlIds)
        {
            await temp.Outbound.EnqueueAsync(new OutboundItem($"out-{id}", OutboundItem.ResultKind, id, Encoding.ASCII.GetBytes(Hl7Samples.Oru(id, "P1")), null,
                DateTimeOffset.UtcNow));
        }
    }

    // Runs the given number of passes back to back, as the service would when each ends with "next at once".
    private static async Task DeliverAllAsync(OutboundDeliveryService delivery, int passes)
    {
        for (var pass = 0; pass < passes; pass++)
        {
            Assert.Equal(TimeSpan.Zero, await delivery.RunPassAsync(CancellationToken.None));
        }
    }

    internal static OutboundDeliveryService Delivery(TempDatabase temp, RisEndpointOptions options)
    {
        var tenant = TenantId.Parse("clinic-a");
        var messages = new EdgeMessages(new EdgeSite(tenant, "test", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), "dicom-clinic-a"), TimeProvider.System);
        return new OutboundDeliveryService(temp.Outbound, options, new MllpListenerOptions(), messages, new EdgeCounters(), TimeProvider.System,
            NullLogger<OutboundDeliveryService>.Instance, NullLoggerFactory.Instance);
    }
}
