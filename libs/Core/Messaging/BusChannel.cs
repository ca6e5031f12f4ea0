using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// A queue of the bus and the tenant it belongs to. The tenant of a delivered message is the channel's tenant, never
/// what the payload says, because only that tenant's edge agent (or the cloud acting for it) can write to the channel.
/// </summary>
public sealed record BusChannel
{
    public BusChannel(string name, TenantId tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Tenant = tenant;
        _ = tenant.Value; // the default TenantId has no value; fail here, not at the first delivery
    }

    /// <summary>The transport's queue name.</summary>
    public string Name { get; }

    /// <summary>The tenant every message on this channel belongs to.</summary>
    public TenantId Tenant { get; }

    /// <summary>Edge → cloud channel of <paramref name="tenant"/>.</summary>
    public static BusChannel Ingress(TenantId tenant) => new(CloudResourceNames.IngressQueue(tenant), tenant);

    /// <summary>Cloud → edge channel of <paramref name="tenant"/>.</summary>
    public static BusChannel Edge(TenantId tenant) => new(CloudResourceNames.EdgeQueue(tenant), tenant);

    public override string ToString() => $"{Name} (tenant {Tenant.Value})";
}
