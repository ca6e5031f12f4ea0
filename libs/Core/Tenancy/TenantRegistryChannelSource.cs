using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Core.Tenancy;

/// <summary>The cloud's bus channels: the ingress queue of every enabled tenant in the registry.</summary>
public sealed class TenantRegistryChannelSource(TenantRegistry registry) : IBusChannelSource
{
    public async Task<IReadOnlyCollection<BusChannel>> GetChannelsAsync(CancellationToken cancellationToken)
    {
        var tenants = await registry.ListAsync(cancellationToken).ConfigureAwait(false);
        return tenants.Where(t => t.Enabled).Select(t => BusChannel.Ingress(t.Tenant)).ToArray();
    }
}
