using System.Net.Sockets;
using CloudRisPacs.Azure.DependencyInjection;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Edge.Cloud;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Hosting;
using CloudRisPacs.Edge.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Check;

/// <summary>
/// The <c>check</c> command: validates the configuration, then tests each connection the agent needs and reports every
/// result in plain words: the TLS certificates, the data folder, Blob Storage, the bus (one heartbeat is sent), the worklist API, the RIS
/// listener (a TCP connection only: no test message reaches a production RIS), and each configured modality.
/// </summary>
public static class ConnectivityCheck
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var results = new List<CheckResult>();
        var (options, problems) = EdgeAgentConfiguration.Read(configuration);
        if (options is null)
        {
            results.AddRange(problems.Select(p => new CheckResult("Configuration", false, p)));
            return results;
        }

        results.Add(new CheckResult("Configuration", true, "valid"));
        results.AddRange(ConfigurationWarnings.Of(options).Select(w => w.AsCheckResult()));
        results.AddRange(CertificateCheck.Check(options));
        results.Add(await DataFolderCheck.RunAsync(options, cancellationToken).ConfigureAwait(false));
        var site = EdgeSite.From(options);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddCloudRisPacsAzure(AzureSettings.From(options.Cloud), AzureFeatures.Blobs | AzureFeatures.Bus);
        await using var provider = services.BuildServiceProvider();
        results.Add(await TryAsync("Cloud Blob Storage", async ct =>
        {
            var blobs = provider.GetRequiredService<IBlobStore>();
            if (options.Cloud.Mode == CloudMode.StorageQueues)
            {
                await blobs.EnsureContainerAsync(site.DicomContainer, ct).ConfigureAwait(false);
            }

            _ = await blobs.ExistsAsync(site.DicomContainer, ".edge-agent-check", ct).ConfigureAwait(false);
            return $"container '{site.DicomContainer}' is reachable";
        }, options, cancellationToken).ConfigureAwait(false));
        results.Add(await TryAsync("Cloud bus", async ct =>
        {
            if (options.Cloud.Mode == CloudMode.StorageQueues)
            {
                await LocalMode.IngressQueueCreator(provider, site)(ct).ConfigureAwait(false);
            }

            var messages = new EdgeMessages(site, TimeProvider.System);
            var heartbeat = new EdgeHeartbeat { SiteId = site.SiteId, AgentVersion = EdgeStatusReporter.AgentVersion, At = DateTimeOffset.UtcNow };
            await provider.GetRequiredService<IBusPublisher>()
                .PublishAsync(site.Ingress, messages.Json(BusMessageKinds.EdgeHeartbeat, heartbeat, patientId: null), ct).ConfigureAwait(false);
            return $"sent a heartbeat to '{site.Ingress.Name}'";
        }, options, cancellationToken).ConfigureAwait(false));
        results.Add(await CheckWorklistApiAsync(options, provider, cancellationToken).ConfigureAwait(false));
        results.Add(await CheckRisAsync(options.Ris, cancellationToken).ConfigureAwait(false));
        results.AddRange(await ModalityEcho.CheckAllAsync(options.Dicom, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static async Task<CheckResult> CheckWorklistApiAsync(EdgeAgentOptions options, IServiceProvider provider, CancellationToken cancellationToken)
    {
        var cloud = options.Cloud;
        if (cloud.ApiBaseUri is null)
        {
            return new CheckResult("Cloud worklist API", true, "not configured (ApiBaseUri is empty): the worklist comes only from pushed changes");
        }

        return await TryAsync("Cloud worklist API", async ct =>
        {
            using var http = new HttpClient { Timeout = cloud.RequestTimeout };
            ICloudApiToken token = string.IsNullOrWhiteSpace(cloud.ApiKey)
                ? new EntraApiToken(provider.GetRequiredService<global::CloudRisPacs.Azure.Configuration.AzureClientFactory>().Credential, cloud.ApiAudience!)
                : new ApiKeyToken(cloud.ApiKey);
            var client = new WorklistApiClient(http, cloud.ApiBaseUri, token);
            var items = await client.FetchAsync(ct).ConfigureAwait(false);
            return $"{client.Endpoint} answered with {items.Count} worklist item(s)";
        }, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckResult> CheckRisAsync(RisEndpointOptions ris, CancellationToken cancellationToken)
    {
        if (!ris.IsConfigured)
        {
            return new CheckResult("RIS endpoint", true, "not configured: results and application ACKs wait in the local queue");
        }

        try
        {
            using var tcp = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ris.ConnectTimeout);
            await tcp.ConnectAsync(ris.Host!, ris.Port, timeout.Token).ConfigureAwait(false);
            return new CheckResult("RIS endpoint", true, $"{ris.Host}:{ris.Port} accepts connections (no message was sent)");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException ? $"no answer within {ris.ConnectTimeout}" : ex.Message;
            return new CheckResult("RIS endpoint", false, $"{ris.Host}:{ris.Port} cannot be reached: {why}");
        }
    }

    private static async Task<CheckResult> TryAsync(string subject, Func<CancellationToken, Task<string>> test, EdgeAgentOptions options,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Cloud.RequestTimeout);
        try
        {
            return new CheckResult(subject, true, await test(timeout.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException ? $"no answer within {options.Cloud.RequestTimeout}" : PublishFailure.Describe(ex);
            return new CheckResult(subject, false, why);
        }
    }
}
