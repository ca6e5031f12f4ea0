using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Watchdogs;

/// <summary>
/// Mirrors a heartbeat's <c>{queue}.parked</c> backlogs as one <see cref="ExceptionKinds.ParkedMessages"/> exception per
/// site and queue. A parked entry was already acknowledged (HL7 ACK, C-STORE success) or taken off the bus, so nobody
/// will send it again: unless the cloud shows it, it is lost silently. The edge sends the keys at zero too, which is
/// what closes the exception once an operator has requeued. An edge that sends no such key changes nothing.
/// </summary>
internal static class EdgeParkedEntries
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(36_500);

    private static string IdFor(string siteId, string queue) => ExceptionStore.IdFor(ExceptionKinds.ParkedMessages, $"{siteId}|{queue}");

    public static async Task ApplyAsync(ExceptionStore exceptions, TenantId tenant, EdgeHeartbeat heartbeat, DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        foreach (var (key, backlog) in heartbeat.Backlogs)
        {
            if (!key.EndsWith(EdgeHeartbeat.ParkedSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var queue = key[..^EdgeHeartbeat.ParkedSuffix.Length];
            var id = IdFor(heartbeat.SiteId, queue);
            if (backlog.Count > 0)
            {
                // Raised on every heartbeat that reports it, so count and age stay current; a resolved one reopens,
                // because its entries are still parked at the site.
                await exceptions.RaiseAsync(tenant, new ExceptionRecord
                {
                    Id = id,
                    Kind = ExceptionKinds.ParkedMessages,
                    Reason = Reason(heartbeat.SiteId, queue, backlog),
                }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await exceptions.ResolveAsync(tenant, id, "system",
                    $"The heartbeat from site '{heartbeat.SiteId}' received at {receivedAt:u} reports no parked entries in queue '{queue}'.",
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Reason(string siteId, string queue, EdgeBacklog backlog) =>
        $"The edge agent at site '{siteId}' holds {backlog.Count} parked entr{(backlog.Count == 1 ? "y" : "ies")} in queue '{queue}', the oldest " +
        $"received {Age(backlog.OldestAgeSeconds)} ago: it stopped forwarding them after its retries, and their sender was already told they " +
        $"were received. Fix the cause (the agent's /status and log say why each was parked), then run 'cloudrispacs-edge requeue {queue} --all' " +
        "(or one ID) at the site; this exception closes by itself when a later heartbeat reports none parked there.";

    /// <summary>Whole seconds; an age no edge can mean (negative, not finite, centuries) is clamped rather than failing the heartbeat.</summary>
    private static TimeSpan Age(double seconds) =>
        TimeSpan.FromSeconds(double.IsFinite(seconds) ? Math.Round(Math.Clamp(seconds, 0, MaxAge.TotalSeconds)) : 0);
}
