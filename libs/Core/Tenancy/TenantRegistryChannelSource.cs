using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Core.Tenancy;

/// <summary>
/// The cloud's bus channels: the ingress queue of every enabled tenant in the registry, and of every tenant whose row
/// cannot be used, so that its messages fail with the reason (and are parked where the watchdog sees them) instead of
/// waiting unread.
/// </summary>
public sealed class TenantRegistryChannelSource(TenantRegistry registry) : IBusChannelSource
{
    public async Task<IReadOnlyCollection<BusChannel>> GetChannelsAsync(CancellationToken cancellationToken)
    {
        var tenants = await registry.ListAsync(cancellationToken).ConfigureAwait(false);
        var unusable = await registry.ListUnusableAsync(cancellationToken).ConfigureAwait(false);
        return tenants.Where(t => t.Enabled).Select(t => t.Tenant).Concat(unusable.Keys).Select(BusChannel.Ingress).ToArray();
    }
}
