using System.Net;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.Edge.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Runs the agent's DICOM application entity for the host's lifetime: Verification, Modality Worklist C-FIND from the
/// local cache, storage into the spool, MPPS and Storage Commitment Push Model, with the configured AE title, calling
/// AE allow-list (the modalities), optional host check, user identity check, association limit and timeouts. Stopping lets open
/// associations finish briefly.
/// </summary>
public sealed class DicomListenerService(
    DicomListenerOptions options,
    WorklistSyncOptions worklistOptions,
    ModalityGate gate,
    CacheWorklistSource worklist,
    SpoolStoreHandler storage,
    EdgeMppsHandler mpps,
    EdgeCommitmentHandler commitment,
    EdgeEndpoints endpoints,
    EdgeCertificates certificates,
    ILoggerFactory loggerFactory,
    TimeProvider time) : IHostedService, IAsyncDisposable
{
    private DicomServer? server;
    private StorageCommitmentService? commitmentService;
    private ConfiguredUsers? users;

    /// <summary>The bound endpoint, once started.</summary>
    public IPEndPoint? LocalEndPoint => server?.LocalEndPoint;

    /// <summary>Associations open now.</summary>
    public int ActiveAssociations => server?.ActiveAssociations ?? 0;

    /// <summary>Storage commitment transactions waiting for the cloud or for their report to be delivered.</summary>
    public int PendingCommitments => commitmentService?.PendingReports ?? 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await gate.ResolveAsync(cancellationToken).ConfigureAwait(false);
        commitmentService = new StorageCommitmentService(commitment, CommitmentOptions(options), loggerFactory, time);
        var services = new DicomServiceRegistry()
            .AddVerification()
            .AddModalityWorklist(new ModalityWorklistService(worklist, new DicomQueryMatchingOptions { MaxMatches = worklistOptions.MaxResults }))
            .AddStorage(storage, new DicomStorageOptions { AcceptUnknownSopClasses = true })
            .AddMpps(mpps)
            .AddStorageCommitment(commitmentService);
        var logger = loggerFactory.CreateLogger<DicomListenerService>();
        WarnOfModalitiesWithoutHost(options.Modalities, logger);

        if (options.Users.Count > 0)
        {
            EdgeLog.UserIdentity(logger, options.Users.Count, options.RequireUserIdentity ? "required" : "optional");
            if (options.Tls is null)
            {
                EdgeLog.PasscodesInClear(logger);
            }
        }

        users = options.Users.Count > 0 ? new ConfiguredUsers(options.Users) : null;
        server = new DicomServer(ServerOptions(options, gate, certificates, users), services, loggerFactory, time);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        endpoints.Set("dicom", $"dicom{(options.Tls is null ? string.Empty : "-tls")}://{options.AeTitle.Trim()}@{server.LocalEndPoint}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Puts a changed modality list (AE titles, hosts for the host check and the commitment reports) and user list in
    /// force while the listener runs: the next association is checked against them; open associations go on. Returns
    /// why a part could not be applied this way (it then waits for a restart), or null.
    /// </summary>
    public async Task<string?> ApplyAccessAsync(DicomListenerOptions changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (server is null)
        {
            return "the DICOM listener is not running";
        }

        await gate.ReplaceAsync([.. changed.Modalities], cancellationToken).ConfigureAwait(false);
        server.ReplaceAllowedCallingAeTitles(changed.Modalities.Where(m => !string.IsNullOrWhiteSpace(m.AeTitle)).Select(m => m.AeTitle!.Trim()));
        WarnOfModalitiesWithoutHost(changed.Modalities, loggerFactory.CreateLogger<DicomListenerService>());
        ApplyUsers(changed);
        return null;
    }

    // From none to some users the server starts checking identities; from some to none it stops looking at them
    // (the configuration check refuses an empty list while RequireUserIdentity is on).
    private void ApplyUsers(DicomListenerOptions changed)
    {
        var logger = loggerFactory.CreateLogger<DicomListenerService>();
        if (changed.Users.Count == 0)
        {
            if (users is not null)
            {
                server!.ReplaceUserIdentityValidator(null);
                users = null;
                EdgeLog.UserIdentity(logger, 0, "not looked at");
            }

            return;
        }

        if (users is not null)
        {
            users.Replace(changed.Users);
            return;
        }

        users = new ConfiguredUsers(changed.Users);
        server!.ReplaceUserIdentityValidator(users);
        EdgeLog.UserIdentity(logger, changed.Users.Count, changed.RequireUserIdentity ? "required" : "optional");
        if (changed.Tls is null)
        {
            EdgeLog.PasscodesInClear(logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The DICOM server options of the agent's configuration: the modalities' AE titles are the allowed calling AE
    /// titles, and with <see cref="DicomListenerOptions.CheckModalityHosts"/> the <paramref name="gate"/> checks where
    /// each association comes from.
    /// </summary>
    public static DicomServerOptions ServerOptions(DicomListenerOptions options, ModalityGate gate, EdgeCertificates? certificates = null, ConfiguredUsers? users = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gate);
        var server = new DicomServerOptions
        {
            AeTitle = options.AeTitle.Trim(),
            BindAddress = options.ListenAddress,
            Port = options.Port,
            AllowAnyCallingAeTitle = options.AllowAnyCallingAeTitle,
            MaxConcurrentAssociations = options.MaxAssociations,
            MaxPduLength = options.MaxPduLength,
            IdleTimeout = options.IdleTimeout,
            AssociationCheck = options.CheckModalityHosts ? gate.Refusal : null,
            UserIdentityValidator = options.Users.Count > 0 ? users ?? new ConfiguredUsers(options.Users) : null,
            RequireUserIdentity = options.RequireUserIdentity,
            Tls = EdgeDicomTls.ServerOptions(options, certificates),
        };
        foreach (var modality in options.Modalities.Where(m => !string.IsNullOrWhiteSpace(m.AeTitle)))
        {
            server.AllowedCallingAeTitles.Add(modality.AeTitle!.Trim());
        }

        return server;
    }

    /// <summary>
    /// Storage commitment as the agent runs it: reports the requesting association cannot take are handed to
    /// <see cref="CommitmentReportDelivery"/> (durable, across restarts), so the library needs no requester addresses.
    /// </summary>
    public static StorageCommitmentOptions CommitmentOptions(DicomListenerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StorageCommitmentOptions
        {
            LocalAeTitle = options.AeTitle.Trim(),

            // The handler gives up waiting for the cloud itself (and reports failures); this is only a backstop.
            DecisionTimeout = options.CommitmentTimeout + TimeSpan.FromMinutes(1),
        };
    }

    private static void WarnOfModalitiesWithoutHost(IEnumerable<DicomPeerOptions> modalities, ILogger logger)
    {
        foreach (var modality in modalities.Where(m => !string.IsNullOrWhiteSpace(m.AeTitle) && string.IsNullOrWhiteSpace(m.Host)))
        {
            EdgeLog.ModalityWithoutHost(logger, modality.AeTitle!.Trim());
        }
    }
}
