using Azure.Storage.Queues;
using CloudRisPacs.Edge.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Local mode on Azurite has no infrastructure deployment, so the agent creates what it writes to: its ingress queue
/// (here) and its DICOM container (the spool uploader). In Azure the onboarding template creates them and the agent's
/// identity has no right to.
/// </summary>
internal static class LocalMode
{
    public static Func<CancellationToken, Task> IngressQueueCreator(IServiceProvider provider, EdgeSite site) =>
        cancellationToken => provider.GetRequiredService<QueueServiceClient>().GetQueueClient(site.Ingress.Name)
            .CreateIfNotExistsAsync(cancellationToken: cancellationToken);
}
