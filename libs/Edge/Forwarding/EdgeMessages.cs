using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;

namespace CloudRisPacs.Edge.Forwarding;

/// <summary>Builds the bus messages the agent originates, stamped with its tenant, site and a trace context.</summary>
public sealed class EdgeMessages(EdgeSite site, TimeProvider time)
{
    /// <summary>A JSON contract body (<see cref="BusContractJson"/>) for the session of <paramref name="patientId"/>.</summary>
    public BusMessage Json<T>(string kind, T body, string? patientId, string? correlationId = null, string? messageId = null) => new()
    {
        MessageId = messageId ?? BusMessage.NewId(),
        Kind = kind,
        SessionKey = site.SessionFor(patientId),
        CorrelationId = correlationId ?? BusMessage.NewId(),
        TraceParent = EdgeTracing.CurrentOrNewTraceParent(),
        ClaimedTenant = site.Tenant.Value,
        SourceSite = site.SiteId,
        CreatedAt = time.GetUtcNow(),
        ContentType = BusContractJson.ContentType,
        Body = BusContractJson.Serialize(body),
    };
}
