using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Inbound;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Benchmarks;

/// <summary>The agent's durable MLLP handler over a database, as the agent wires it.</summary>
public static class BenchmarkHandler
{
    public static DurableHl7Handler Create(EdgeDatabase database, EdgeCounters counters)
    {
        var tenant = TenantId.Parse("bench-clinic");
        var site = new EdgeSite(tenant, "bench", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), "dicom-bench-clinic");
        return new DurableHl7Handler(new InboundHl7Store(database, new OutboxStore(database, TimeProvider.System)), site, counters,
            TimeProvider.System, NullLogger<DurableHl7Handler>.Instance);
    }
}
