using System.Reflection;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Edge.Background;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Spool;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Edge.Worklist;

namespace CloudRisPacs.Edge.Status;

/// <summary>
/// Gathers the agent's status. Degraded (still working, needs attention): a cloud service (bus, Blob Storage, API; each
/// on its own, <see cref="CloudContacts"/>) is unreachable, the agent cannot
/// receive from its edge queue (<see cref="ReceiveFailures"/>), something is
/// parked, a queue's oldest entry is older than <see cref="StatusEndpointOptions.BacklogAgeWarning"/>, the RIS is
/// unreachable, a background service's passes fail unexpectedly, or the spool disk has less free space than
/// <see cref="SpoolOptions.MinFreeDiskBytes"/> (every C-STORE is refused then), or the worklist full sync is failing
/// (its last pull failed, or the last successful one is older than twice <see cref="WorklistSyncOptions.FullSyncInterval"/>).
/// Unhealthy: the durable store cannot be
/// read.
/// </summary>
/// <remarks>
/// A full disk is degraded, not unhealthy: HL7, the worklist and MPPS still work, and a service monitor restarting
/// the agent on 503 would free nothing.
/// </remarks>
public sealed class EdgeStatusReporter(
    EdgeDatabase database,
    OutboxStore outbox,
    OutboundStore outbound,
    SpoolStore spool,
    DicomSpool dicomSpool,
    SpoolOptions spoolOptions,
    WorklistSyncService worklistSync,
    WorklistSyncOptions worklistOptions,
    EdgeCertificates certificates,
    CommitmentStore commitments,
    WorklistCacheStore worklist,
    EdgeSite site,
    StatusEndpointOptions options,
    CloudContacts cloud,
    EdgeCounters counters,
    EdgeEndpoints endpoints,
    TimeProvider time)
{
    private readonly DateTimeOffset startedAt = time.GetUtcNow();

    /// <summary>Set by the outbound delivery service; true while the RIS cannot be reached.</summary>
    public Func<bool> RisUnreachable { get; set; } = () => false;

    /// <summary>Set by the host: background services whose passes are failing unexpectedly.</summary>
    public Func<IEnumerable<PassFailure>> PassFailures { get; set; } = () => [];

    /// <summary>Set by the host: the bus channels the agent cannot receive from (its edge queue).</summary>
    public Func<IEnumerable<BusReceiveFailure>> ReceiveFailures { get; set; } = () => [];

    /// <summary>Set by the DICOM listener: open associations and storage commitments in progress.</summary>
    public Func<(int ActiveAssociations, int PendingCommitments)> DicomActivity { get; set; } = () => (0, 0);

    public static string AgentVersion { get; } =
        typeof(EdgeStatusReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public async Task<EdgeStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var now = time.GetUtcNow();
        Dictionary<string, QueueBacklog> backlogs;
        (long Items, DateTimeOffset? LastFullSync) summary;
        IReadOnlyList<ParkedEntry> parked;
        try
        {
            backlogs = await GetBacklogsAsync(cancellationToken).ConfigureAwait(false);
            summary = await worklist.GetSummaryAsync(cancellationToken).ConfigureAwait(false);
            parked = [
                .. await outbox.ListParkedAsync(20, cancellationToken).ConfigureAwait(false),
                .. await outbound.ListParkedAsync(20, cancellationToken).ConfigureAwait(false),
                .. await spool.ListParkedAsync(20, cancellationToken).ConfigureAwait(false),
                .. await commitments.ListParkedAsync(20, cancellationToken).ConfigureAwait(false)];
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return Base(EdgeStatus.Unhealthy, [$"The durable store cannot be read: {ex.Message}"], now);
        }

        foreach (var (service, contact) in cloud.All)
        {
            if (contact.CurrentFailure is { } failure)
            {
                problems.Add($"The cloud {service} is unreachable since {failure.At:u}: {failure.Reason}");
            }
        }

        foreach (var receive in ReceiveFailures())
        {
            problems.Add($"The agent cannot receive from {receive.Channel.Name} since {receive.Since:u}: {receive.Reason} " +
                         "(results, worklist changes and commitment answers wait in the cloud).");
        }

        foreach (var (name, backlog) in backlogs)
        {
            if (backlog.Parked > 0)
            {
                problems.Add($"{backlog.Parked} {name} entr{(backlog.Parked == 1 ? "y is" : "ies are")} parked.");
            }

            if (backlog.OldestPendingAge > options.BacklogAgeWarning)
            {
                problems.Add($"The oldest {name} entry has waited {backlog.OldestPendingAge.Value.TotalMinutes:F0} minutes.");
            }
        }

        if (WorklistSyncProblem(summary.LastFullSync, now) is { } stale)
        {
            problems.Add(stale);
        }

        problems.AddRange(CertificateProblems(now));
        if (DiskShortage() is { } shortage)
        {
            problems.Add(shortage);
        }

        if (RisUnreachable())
        {
            problems.Add("The RIS cannot be reached or answers that it cannot take messages now (AR/CR); outbound messages wait.");
        }

        foreach (var passFailure in PassFailures())
        {
            problems.Add($"{passFailure.Service} has failed {passFailure.FailedPasses} pass(es) in a row since {passFailure.At:u}: {passFailure.Reason}");
        }

        return Base(problems.Count == 0 ? EdgeStatus.Healthy : EdgeStatus.Degraded, problems, now) with
        {
            Queues = backlogs.ToDictionary(p => p.Key, p => new QueueStatus(p.Value.Pending, p.Value.OldestPendingAge?.TotalSeconds, p.Value.Parked)),
            Worklist = new WorklistStatus(summary.Items, summary.LastFullSync),
            Dicom = DicomStatusOf(backlogs["spool"]),
            Parked = parked,
        };
    }

    /// <summary>
    /// The backlog of every local queue, by name: outbox, outbound, spool, and commitment (storage commitments waiting
    /// for the cloud's answer or for their report to reach the modality; parked: reports given up).
    /// </summary>
    public async Task<Dictionary<string, QueueBacklog>> GetBacklogsAsync(CancellationToken cancellationToken = default) => new(StringComparer.Ordinal)
    {
        ["outbox"] = await outbox.GetBacklogAsync(cancellationToken).ConfigureAwait(false),
        ["outbound"] = await outbound.GetBacklogAsync(cancellationToken).ConfigureAwait(false),
        ["spool"] = await spool.GetBacklogAsync(cancellationToken).ConfigureAwait(false),
        ["commitment"] = await commitments.GetBacklogAsync(cancellationToken).ConfigureAwait(false),
    };

    private string? WorklistSyncProblem(DateTimeOffset? lastFullSync, DateTimeOffset now)
    {
        if (!worklistSync.Pulls)
        {
            return null;
        }

        var age = lastFullSync is { } at ? $"{(now - at).TotalMinutes:F0} minutes old" : "never synced";
        if (worklistSync.LastFailure is { } failure)
        {
            return $"The last worklist full sync failed at {failure.At:u} (the worklist is {age}): {failure.Reason}";
        }

        return lastFullSync is { } last && now - last > 2 * worklistOptions.FullSyncInterval
            ? $"The worklist is {age}: no full sync within twice FullSyncInterval ({worklistOptions.FullSyncInterval})."
            : null;
    }

    /// <summary>A configured TLS certificate outside its validity fails every handshake; within 30 days of expiry it soon will.</summary>
    private IEnumerable<string> CertificateProblems(DateTimeOffset now)
    {
        foreach (var (protocol, file) in new[] { ("DICOM", certificates.Dicom), ("HL7", certificates.Mllp) })
        {
            if (file is null)
            {
                continue;
            }

            var certificate = file.Current;
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            if (now < notBefore)
            {
                yield return $"The {protocol} TLS certificate {certificate.Subject} is not valid before {notBefore:u}: every TLS handshake fails.";
            }
            else if (now > notAfter)
            {
                yield return $"The {protocol} TLS certificate {certificate.Subject} expired at {notAfter:u}: every TLS handshake fails; replace the files.";
            }
            else if (notAfter - now < Dicom.Network.Hosting.CertificateFile.ExpiryWarning)
            {
                yield return $"The {protocol} TLS certificate {certificate.Subject} expires at {notAfter:u}: renew it.";
            }
        }
    }

    private string? DiskShortage()
    {
        var free = dicomSpool.FreeBytes();
        return free < spoolOptions.MinFreeDiskBytes
            ? $"Only {Mib(free)} MiB free on the spool disk ({dicomSpool.Folder}), below MinFreeDiskBytes ({Mib(spoolOptions.MinFreeDiskBytes)} MiB): every C-STORE is refused (0xA700) until space is freed."
            : null;
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    private DicomServiceStatus DicomStatusOf(QueueBacklog spoolBacklog)
    {
        var (associations, commitments) = DicomActivity();
        return new DicomServiceStatus(associations, commitments, spoolBacklog.Pending, spoolBacklog.OldestPendingAge?.TotalSeconds, spoolBacklog.Parked,
            counters.Get(EdgeCounters.DicomStored), counters.Get(EdgeCounters.DicomStoreFailures), counters.Get(EdgeCounters.DicomUploaded),
            counters.Get(EdgeCounters.MppsReceived), counters.Get(EdgeCounters.WorklistQueries));
    }

    private EdgeStatus Base(string health, IReadOnlyList<string> problems, DateTimeOffset now) => new()
    {
        Health = health,
        Problems = problems,
        Tenant = site.Tenant.Value,
        Site = site.SiteId,
        Version = AgentVersion,
        StartedAt = startedAt,
        Now = now,
        Endpoints = endpoints.Snapshot(),
        LastCloudContact = cloud.LastSuccess,
        CloudProblem = cloud.All.Select(service => service.Contact.CurrentFailure?.Reason).FirstOrDefault(reason => reason is not null),
        Cloud = cloud.All.ToDictionary(service => service.Service, service => new CloudServiceStatus(
            service.Contact.LastSuccess, service.Contact.CurrentFailure?.At, service.Contact.CurrentFailure?.Reason), StringComparer.Ordinal),
        Counters = counters.Snapshot(),
        DatabaseCommits = database.Commits,
        DatabaseWrites = database.Writes,
    };
}
