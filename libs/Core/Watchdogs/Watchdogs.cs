using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Watchdogs;

/// <summary>
/// The timers' work, tenant by tenant, against silent failure: orders without images, images without orders, edge
/// agents that stopped calling in, parked messages, and reconciled studies that went quiet (complete without MPPS).
/// Each raises an exception once per subject (later runs do not add rows for the same problem).
/// </summary>
public sealed class Watchdogs(PipelineServices services, ResultsService results, EdgeAgentRegistry agents, IBusBacklogProbe? backlog)
{
    public const string OrdersWithoutImagesName = "orders-without-images";
    public const string ImagesWithoutOrdersName = "images-without-orders";
    public const string EdgeHeartbeatsName = "edge-heartbeats";
    public const string ParkedMessagesName = "parked-messages";
    public const string QuietStudiesName = "quiet-studies";

    /// <summary>
    /// Limits the checks to some tenants: a host that serves only part of the registry (the local host), or tests
    /// sharing one storage account. Null checks every enabled tenant.
    /// </summary>
    public Func<TenantId, bool>? TenantFilter { get; set; }

    public async Task<WatchdogReport> CheckOrdersWithoutImagesAsync(CancellationToken cancellationToken)
    {
        var now = services.Context.Now;
        var (tenants, raised, notes, failures) = (0, 0, new List<string>(), new List<string>());
        foreach (var tenant in await TenantsAsync(failures, cancellationToken).ConfigureAwait(false))
        {
            tenants++;
            await CheckTenantAsync(tenant, failures, async () =>
            {
                var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
                var open = (await services.Exceptions.ListAsync(tenant, ExceptionStatus.Open, ExceptionKinds.OrderWithoutImages, 1000, cancellationToken)
                    .ConfigureAwait(false)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
                await foreach (var (patientKey, order) in services.Patients.ListOrdersAsync(tenant, withoutImagesOnly: true, cancellationToken).ConfigureAwait(false))
                {
                    var id = ExceptionStore.IdFor(ExceptionKinds.OrderWithoutImages, order.OrderKey);
                    if (order.IsWithdrawn && open.Contains(id))
                    {
                        // Nothing is awaited any more: the RIS called the exam off.
                        await services.Exceptions.ResolveAsync(tenant, id, "system", $"The RIS {order.Status.ToLowerInvariant()} the order.", cancellationToken)
                            .ConfigureAwait(false);
                        notes.Add($"{tenant.Value}: {order.AccessionNumber} {order.Status.ToLowerInvariant()}, resolved");
                        continue;
                    }

                    var due = (order.ScheduledStart ?? order.CreatedAt) + policy.OrderWithoutImagesAfter;
                    if (!order.IsOpen || order.LinkedStudies.Count > 0 || due > now)
                    {
                        continue;
                    }

                    var patient = Patients.PatientIdentity.FromKey(patientKey);
                    if (await services.Exceptions.RaiseOnceAsync(tenant, new ExceptionRecord
                        {
                            Id = id,
                            Kind = ExceptionKinds.OrderWithoutImages,
                            Reason = $"Order accession '{order.AccessionNumber}' ({order.Description ?? order.Modality}) for patient {patient} was scheduled for " +
                                     $"{order.ScheduledStart:u} and has no images after {policy.OrderWithoutImagesAfter}.",
                            AccessionNumber = order.AccessionNumber,
                            PatientId = patient.Id,
                            OrderKey = order.OrderKey,
                        }, cancellationToken).ConfigureAwait(false))
                    {
                        raised++;
                        notes.Add($"{tenant.Value}: {order.AccessionNumber}");
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        return new WatchdogReport(OrdersWithoutImagesName, tenants, raised, notes) { Failures = failures };
    }

    public async Task<WatchdogReport> CheckImagesWithoutOrdersAsync(CancellationToken cancellationToken)
    {
        var now = services.Context.Now;
        var (tenants, raised, notes, failures) = (0, 0, new List<string>(), new List<string>());
        foreach (var tenant in await TenantsAsync(failures, cancellationToken).ConfigureAwait(false))
        {
            tenants++;
            await CheckTenantAsync(tenant, failures, async () =>
            {
                var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
                var unmatched = new List<StudyRecord>();
                await foreach (var (study, _) in services.Studies.ListStudiesAsync(tenant, StudyStates.Unmatched, cancellationToken).ConfigureAwait(false))
                {
                    if (study.FirstInstanceAt + services.Context.Options.UnmatchedStudyAfter <= now)
                    {
                        unmatched.Add(study);
                    }
                }

                foreach (var study in unmatched)
                {
                    // The order may have come in since; try once more before calling it unmatched.
                    var result = await services.Reconciler.ReconcileAsync(policy, study.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
                    if (result.State != StudyStates.Unmatched)
                    {
                        continue;
                    }

                    if (await services.Exceptions.RaiseOnceAsync(tenant, new ExceptionRecord
                        {
                            Id = ExceptionStore.IdFor(ExceptionKinds.UnmatchedStudy, study.StudyInstanceUid),
                            Kind = ExceptionKinds.UnmatchedStudy,
                            Reason = $"Study {study.StudyInstanceUid} of patient '{study.PatientId}' ({study.PatientName}), accession(s) " +
                                     $"'{string.Join(", ", study.AccessionNumbers)}', {study.InstanceCount} instance(s), has no matching order " +
                                     $"({policy.MatchingKey}) since {study.FirstInstanceAt:u}.",
                            StudyInstanceUid = study.StudyInstanceUid,
                            AccessionNumber = (study.AccessionNumbers.Count > 0 ? study.AccessionNumbers[0] : null),
                            PatientId = study.PatientId,
                        }, cancellationToken).ConfigureAwait(false))
                    {
                        raised++;
                        notes.Add($"{tenant.Value}: {study.StudyInstanceUid}");
                    }
                }

                await RetryPatientMismatchesAsync(tenant, policy, notes, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }

        return new WatchdogReport(ImagesWithoutOrdersName, tenants, raised, notes) { Failures = failures };
    }

    /// <summary>
    /// A study held as a patient mismatch is matched again: a merge (A40) or a correction of the patient since may
    /// have made its patient the order's, and nothing else would look at it again. Matched, it is linked and its
    /// exception resolved by the reconciler; still a mismatch, it stays as it is.
    /// </summary>
    private async Task RetryPatientMismatchesAsync(TenantId tenant, TenantPolicy policy, List<string> notes, CancellationToken cancellationToken)
    {
        var mismatched = new List<string>();
        await foreach (var (study, _) in services.Studies.ListStudiesAsync(tenant, StudyStates.PatientMismatch, cancellationToken).ConfigureAwait(false))
        {
            mismatched.Add(study.StudyInstanceUid);
        }

        foreach (var studyUid in mismatched)
        {
            var result = await services.Reconciler.ReconcileAsync(policy, studyUid, cancellationToken).ConfigureAwait(false);
            if (result.State != StudyStates.PatientMismatch)
            {
                notes.Add($"{tenant.Value}: {studyUid} no longer a patient mismatch ({result.State})");
            }
        }
    }

    public async Task<WatchdogReport> CheckEdgeHeartbeatsAsync(CancellationToken cancellationToken)
    {
        var now = services.Context.Now;
        var limit = services.Context.Options.EdgeSilentAfter;
        var (tenants, raised, notes, failures) = (0, 0, new List<string>(), new List<string>());
        foreach (var record in await EnabledRecordsAsync(failures, cancellationToken).ConfigureAwait(false))
        {
            tenants++;
            await CheckTenantAsync(record.Tenant, failures, async () =>
            {
                var heartbeats = await agents.ListHeartbeatsAsync(record.Tenant, cancellationToken).ConfigureAwait(false);
                var silent = heartbeats.Count == 0
                    ? (record.RegisteredAt + limit <= now ? [("*", (DateTimeOffset?)null)] : [])
                    : heartbeats.Where(h => h.LastSeen + limit <= now).Select(h => (h.SiteId, (DateTimeOffset?)h.LastSeen)).ToList();
                foreach (var (site, lastSeen) in silent)
                {
                    if (await services.Exceptions.RaiseOnceAsync(record.Tenant, new ExceptionRecord
                        {
                            Id = ExceptionStore.IdFor(ExceptionKinds.EdgeSilent, site),
                            Kind = ExceptionKinds.EdgeSilent,
                            Reason = lastSeen is { } seen
                                ? $"The edge agent at site '{site}' last sent a heartbeat at {seen:u}, more than {limit} ago."
                                : $"No edge agent of tenant '{record.Tenant.Value}' has sent a heartbeat since it was registered at {record.RegisteredAt:u}.",
                        }, cancellationToken).ConfigureAwait(false))
                    {
                        raised++;
                        notes.Add($"{record.Tenant.Value}: {site}");
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        return new WatchdogReport(EdgeHeartbeatsName, tenants, raised, notes) { Failures = failures };
    }

    public async Task<WatchdogReport> CheckParkedMessagesAsync(CancellationToken cancellationToken)
    {
        var (tenants, raised, notes, failures) = (0, 0, new List<string>(), new List<string>());
        if (backlog is null)
        {
            return new WatchdogReport(ParkedMessagesName, 0, 0, ["no backlog probe: the transport cannot report parked messages"]);
        }

        foreach (var tenant in await TenantsAsync(failures, cancellationToken).ConfigureAwait(false))
        {
            tenants++;
            await CheckTenantAsync(tenant, failures, async () =>
            {
                foreach (var channel in new[] { BusChannel.Ingress(tenant), BusChannel.Edge(tenant) })
                {
                    BusBacklog measured;
                    try
                    {
                        measured = await backlog.GetBacklogAsync(channel, cancellationToken).ConfigureAwait(false);
                    }
    #pragma warning disable CA1031 // One tenant's unreadable queue (not created yet, transient error) must not stop the check of the others.
                    catch (Exception ex) when (ex is not OperationCanceledException)
    #pragma warning restore CA1031
                    {
                        notes.Add($"{channel.Name}: not readable ({ex.GetType().Name})");
                        continue;
                    }

                    if (measured.DeadLetterCount is not > 0)
                    {
                        continue;
                    }

                    var id = ExceptionStore.IdFor(ExceptionKinds.ParkedMessages, channel.Name);
                    var existing = await services.Exceptions.GetAsync(tenant, id, cancellationToken).ConfigureAwait(false);
                    if (existing is { Status: ExceptionStatus.Open } && existing.Reason.Contains($" {measured.DeadLetterCount} ", StringComparison.Ordinal))
                    {
                        continue; // nothing new since the last run
                    }

                    await services.Exceptions.RaiseAsync(tenant, new ExceptionRecord
                    {
                        Id = id,
                        Kind = ExceptionKinds.ParkedMessages,
                        Reason = $"Queue {channel.Name} holds {measured.DeadLetterCount} parked message(s) in its dead-letter/poison queue.",
                    }, cancellationToken).ConfigureAwait(false);
                    raised++;
                    notes.Add($"{channel.Name}: {measured.DeadLetterCount}");
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        return new WatchdogReport(ParkedMessagesName, tenants, raised, notes) { Failures = failures };
    }

    public async Task<WatchdogReport> CompleteQuietStudiesAsync(CancellationToken cancellationToken)
    {
        var now = services.Context.Now;
        var (tenants, sent, notes, failures) = (0, 0, new List<string>(), new List<string>());
        foreach (var tenant in await TenantsAsync(failures, cancellationToken).ConfigureAwait(false))
        {
            tenants++;
            await CheckTenantAsync(tenant, failures, async () =>
            {
                var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
                var quiet = new List<StudyRecord>();
                await foreach (var (study, _) in services.Studies.ListStudiesAsync(tenant, StudyStates.Reconciled, cancellationToken).ConfigureAwait(false))
                {
                    if (study.CompletionSentAt is null && QuietPeriod(study, policy) is { } period && study.LastInstanceAt + period <= now)
                    {
                        quiet.Add(study);
                    }
                }

                foreach (var study in quiet)
                {
                    sent += await results.SendCompletionAsync(tenant, study, "quiet-period", cancellationToken).ConfigureAwait(false);
                    notes.Add($"{tenant.Value}: {study.StudyInstanceUid}");
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        return new WatchdogReport(QuietStudiesName, tenants, sent, notes) { Failures = failures };
    }

    /// <summary>
    /// The quiet period stands in for an MPPS COMPLETED that never comes, never against what an MPPS said: none for a
    /// DISCONTINUED exam (its steps are scheduled again, to be done again), a much longer one while it is IN PROGRESS.
    /// </summary>
    private TimeSpan? QuietPeriod(StudyRecord study, TenantPolicy policy) => study.PerformedStatus switch
    {
        "DISCONTINUED" => null,
        "IN PROGRESS" => policy.StudyQuietPeriod > services.Context.Options.StudyInProgressQuietPeriod
            ? policy.StudyQuietPeriod
            : services.Context.Options.StudyInProgressQuietPeriod,
        _ => policy.StudyQuietPeriod,
    };

    /// <summary>
    /// One tenant's failure (a setting that does not resolve, a row that does not read) must not stop the watchdog for
    /// every other tenant: it is caught, the others are checked, and the report carries it ("tenant: reason") for the
    /// host to fail the run visibly.
    /// </summary>
    private static async Task CheckTenantAsync(TenantId tenant, List<string> failures, Func<Task> check, CancellationToken cancellationToken)
    {
        try
        {
            await check().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever stops one tenant's check is reported with the run, not allowed to end it.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            failures.Add($"{tenant.Value}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The enabled tenants to check; a tenant whose settings row cannot be used is a failure of the run.</summary>
    private async Task<IReadOnlyList<TenantId>> TenantsAsync(List<string> failures, CancellationToken cancellationToken) =>
        [.. (await EnabledRecordsAsync(failures, cancellationToken).ConfigureAwait(false)).Select(t => t.Tenant)];

    private async Task<IEnumerable<TenantRecord>> EnabledRecordsAsync(List<string> failures, CancellationToken cancellationToken)
    {
        foreach (var (tenant, problem) in await services.Context.Registry.ListUnusableAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TenantFilter is null || TenantFilter(tenant))
            {
                failures.Add($"{tenant.Value}: {problem}");
            }
        }

        return (await services.Context.Registry.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(t => t.Enabled && (TenantFilter is null || TenantFilter(t.Tenant)));
    }
}
