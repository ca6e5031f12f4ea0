using Azure.Storage.Queues;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Tenancy;
using Microsoft.Extensions.Hosting;

namespace CloudRisPacs.Functions.LocalHost;

/// <summary>
/// At start, before the bus consumer: creates the tables, and per configured tenant its containers, its ingress and edge
/// queues (with their poison queues) and its registry row. In Azure the infrastructure creates the resources and
/// <c>cloudrispacs-admin onboard</c> writes the registry row.
/// </summary>
internal sealed class LocalProvisioning(CloudPipeline pipeline, QueueServiceClient queues, LocalHostOptions options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenants = options.Tenants.Select(t => new TenantRecord(TenantId.Parse(t.Id!), t.DisplayName ?? t.Id!, true, new TenantSettings(), time.GetUtcNow()))
            .ToArray();
        await pipeline.ProvisionAsync(tenants, cancellationToken).ConfigureAwait(false);
        foreach (var tenant in tenants)
        {
            foreach (var name in new[] { CloudResourceNames.IngressQueue(tenant.Tenant), CloudResourceNames.EdgeQueue(tenant.Tenant) })
            {
                await queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await queues.GetQueueClient(StorageQueueBusOptions.PoisonQueueName(name)).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
