using System.Net;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Inbound;
using CloudRisPacs.Hl7.Mllp;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>The durable MLLP handler over a temporary database, called the way the MLLP server calls it.</summary>
internal sealed class HandlerHarness : IAsyncDisposable
{
    public static readonly MllpConnectionInfo Connection = new("mllp-test", new IPEndPoint(IPAddress.Loopback, 40000),
        new IPEndPoint(IPAddress.Loopback, 2575), DateTimeOffset.UtcNow);

    private long sequence;

    public HandlerHarness()
    {
        var tenant = TenantId.Parse("clinic-a");
        Site = new EdgeSite(tenant, "test", Core.Messaging.BusChannel.Ingress(tenant), Core.Messaging.BusChannel.Edge(tenant), "dicom-clinic-a");
        Handler = new DurableHl7Handler(Temp.Inbound, Site, Counters, TimeProvider.System, NullLogger<DurableHl7Handler>.Instance);
    }

    public TempDatabase Temp { get; } = new();

    public EdgeSite Site { get; }

    public EdgeCounters Counters { get; } = new();

    public DurableHl7Handler Handler { get; }

    public async Task<ReadOnlyMemory<byte>> SendAsync(byte[] message) =>
        await Handler.HandleAsync(new MllpMessageContext(message, Connection, Interlocked.Increment(ref sequence)), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Counters.Dispose();
        await Temp.DisposeAsync();
    }
}
