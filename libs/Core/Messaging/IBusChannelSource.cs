namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// The channels a host consumes. The edge agent has one (its tenant's edge channel); the cloud has one ingress channel
/// per tenant and implements this over its tenant registry, so new tenants are picked up without a restart.
/// </summary>
public interface IBusChannelSource
{
    Task<IReadOnlyCollection<BusChannel>> GetChannelsAsync(CancellationToken cancellationToken);
}
