using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Watchdogs;
using CloudRisPacs.Core.Worklist;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// The cloud pipeline assembled: the handler of every ingress kind behind one <see cref="Router"/>, the watchdogs, the
/// API operations and the dead-letter observer. Hosts (the function app, the local host, tests, benchmarks) build one
/// and drive it; nothing here knows the transport.
/// </summary>
public sealed class CloudPipeline
{
    public CloudPipeline(PipelineContext context, BusRetryPolicy? retryPolicy = null, IBusBacklogProbe? backlogProbe = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        Services = new PipelineServices(context);
        Processed = new ProcessedMessageLog(context.Tables, context.Time);
        Agents = new EdgeAgentRegistry(context.Tables);
        Results = new ResultsService(Services, new OutboundSender(context.Tables, context.Publisher, context.Time));
        Services.Reconciler.Reconciled = Results.OnReconciledAsync;
        Indexer = new InstanceIndexer(Services) { Reported = Results.OnReconciledAsync };
        Watchdogs = new Watchdogs.Watchdogs(Services, Results, Agents, backlogProbe);
        Api = new CloudApi(Services, Results);
        DeadLetterObserver = new DeadLetterExceptionObserver(Services.Exceptions);
        Router = new BusMessageRouter(new Dictionary<string, IBusMessageHandler>(StringComparer.Ordinal)
        {
            [BusMessageKinds.Hl7Received] = new Hl7IngestionHandler(Services),
            [BusMessageKinds.Hl7Rejected] = new EdgeRejectionHandler(Services.Exceptions),
            [BusMessageKinds.DicomInstanceStored] = Indexer,
            [BusMessageKinds.DicomMpps] = new MppsHandler(Services, Results, Processed),
            [BusMessageKinds.DicomCommitmentRequested] = new CommitmentHandler(Services, Processed, retryPolicy ?? new BusRetryPolicy()),
            [BusMessageKinds.WorklistSnapshotRequested] = new WorklistSnapshotHandler(Services),
            [BusMessageKinds.OutboundDeliveryResult] = new DeliveryResultHandler(Services, Results.Outbound),
            [BusMessageKinds.EdgeHeartbeat] = new HeartbeatHandler(Services, Agents),
        });
    }

    public PipelineServices Services { get; }

    public ProcessedMessageLog Processed { get; }

    public EdgeAgentRegistry Agents { get; }

    public ResultsService Results { get; }

    public InstanceIndexer Indexer { get; }

    public Watchdogs.Watchdogs Watchdogs { get; }

    public CloudApi Api { get; }

    public IBusDeadLetterObserver DeadLetterObserver { get; }

    /// <summary>Routes every ingress kind to its handler (unknown kinds are dead-lettered).</summary>
    public BusMessageRouter Router { get; }

    /// <summary>
    /// Local mode and tests: creates the tables, and per tenant its DICOM and claim-check containers, and registers the
    /// tenants (in Azure the infrastructure creates the containers, and <see cref="TenantOnboarding"/>, the
    /// <c>cloudrispacs-admin onboard</c> command, registers each tenant).
    /// </summary>
    public async Task ProvisionAsync(IEnumerable<TenantRecord> tenants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var context = Services.Context;
        foreach (var table in CloudResourceNames.Tables.All)
        {
            await context.Tables.EnsureTableAsync(table, cancellationToken).ConfigureAwait(false);
        }

        foreach (var tenant in tenants)
        {
            await context.Blobs.EnsureContainerAsync(CloudResourceNames.DicomContainer(tenant.Tenant), cancellationToken).ConfigureAwait(false);
            await context.Blobs.EnsureContainerAsync(CloudResourceNames.ClaimCheckContainer(tenant.Tenant), cancellationToken).ConfigureAwait(false);
            await context.Registry.RegisterAsync(tenant, cancellationToken).ConfigureAwait(false);
        }
    }
}
