using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>Who this agent is and where its messages go: tenant, site, the two bus channels and the DICOM container.</summary>
public sealed record EdgeSite(TenantId Tenant, string SiteId, BusChannel Ingress, BusChannel Edge, string DicomContainer)
{
    public static EdgeSite From(EdgeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tenant = TenantId.Parse(options.TenantId!);
        var cloud = options.Cloud;
        return new EdgeSite(
            tenant,
            options.SiteId!,
            new BusChannel(cloud.IngressQueue ?? CloudResourceNames.IngressQueue(tenant), tenant),
            new BusChannel(cloud.EdgeQueue ?? CloudResourceNames.EdgeQueue(tenant), tenant),
            cloud.DicomContainer ?? CloudResourceNames.DicomContainer(tenant));
    }

    /// <summary>The ordering key for everything about one patient (tenant-wide when the patient is unknown).</summary>
    public string SessionFor(string? patientId) =>
        string.IsNullOrWhiteSpace(patientId) ? BusSessionKey.ForTenant(Tenant) : BusSessionKey.For(Tenant, patientId.Trim());
}
