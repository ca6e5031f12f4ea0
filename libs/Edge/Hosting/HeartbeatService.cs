using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Sends <c>edge.heartbeat</c> (version, local backlogs and parked entries: <see cref="HeartbeatBacklogs"/>) straight to
/// the bus every interval. Heartbeats are not kept in the outbox: a late heartbeat says nothing, and the cloud's
/// watchdog notices the gap, which is the point.
/// </summary>
public sealed class HeartbeatService(
    IBusPublisher publisher,
    EdgeSite site,
    EdgeAgentOptions options,
    EdgeMessages messages,
    EdgeStatusReporter status,
    CloudContacts cloud,
    EdgeCounters counters,
    TimeProvider time,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
        do
        {
            await SendAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            var backlogs = await status.GetBacklogsAsync(cancellationToken).ConfigureAwait(false);
            var heartbeat = new EdgeHeartbeat
            {
                SiteId = site.SiteId,
                AgentVersion = EdgeStatusReporter.AgentVersion,
                At = time.GetUtcNow(),
                Backlogs = HeartbeatBacklogs.From(backlogs),
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Cloud.RequestTimeout);
            await publisher.PublishAsync(site.Ingress, messages.Json(BusMessageKinds.EdgeHeartbeat, heartbeat, patientId: null), timeout.Token)
                .ConfigureAwait(false);
            cloud.Bus.Succeeded();
            counters.Increment(EdgeCounters.HeartbeatsSent);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && PublishFailure.IsOutage(ex))
        {
            cloud.Bus.Failed(PublishFailure.Describe(ex));
            EdgeLog.HeartbeatFailed(logger, PublishFailure.Describe(ex));
            return false;
        }
    }
}
