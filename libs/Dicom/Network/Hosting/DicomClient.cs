using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Dicom.Network.Ul;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// The SCU side: opens associations to one remote application entity. <see cref="ConnectAsync"/> gives an association
/// for several operations; the other methods open one, do one thing and release it.
/// </summary>
public sealed class DicomClient
{
    private static long counter;
    private readonly DicomClientOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    public DicomClient(DicomClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        this.options = options;
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = this.loggerFactory.CreateLogger<DicomClient>();
        time = timeProvider ?? TimeProvider.System;
    }

    public DicomClientOptions Options => options;

    /// <summary>
    /// Requests an association proposing <paramref name="proposals"/>. Requests the peer sends on it (N-EVENT-REPORT of
    /// storage commitment) go to <paramref name="services"/>. Throws <see cref="DicomAssociationRejectedException"/> when
    /// rejected and <see cref="DicomNetworkException"/> when the peer cannot be reached or aborts.
    /// </summary>
    public async Task<DicomClientAssociation> ConnectAsync(IEnumerable<DicomPresentationContextProposal> proposals, DicomServiceRegistry? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        var list = proposals.ToList();
        if (list.Count is 0 or > 128)
        {
            throw new ArgumentException($"An association proposes 1 to 128 presentation contexts; {list.Count} were given.", nameof(proposals));
        }

        var contexts = list.Select((p, i) => new PresentationContextRequest((byte)((i * 2) + 1), p.AbstractSyntax, p.TransferSyntaxes.Select(s => s.Uid.Value).ToArray())).ToArray();
        var roles = list.Where(p => p.HasRoleSelection).DistinctBy(p => p.AbstractSyntax).Select(p => new RoleSelection(p.AbstractSyntax, p.ScuRole, p.ScpRole)).ToArray();
        var request = new AssociateRequestPdu(options.CalledAeTitle.Trim(), options.CallingAeTitle.Trim(), contexts, new UserInformation
        {
            MaximumLength = (uint)options.MaxPduLength,
            ImplementationClassUid = DicomImplementation.ClassUid,
            ImplementationVersionName = DicomImplementation.VersionName,
            RoleSelections = roles,
            UserIdentity = options.UserIdentity,
            AsynchronousOperationsWindow = options.MaxAsyncOperations > 1 ? new AsynchronousOperationsWindow((ushort)options.MaxAsyncOperations, 1) : null,
        });
        var id = $"{options.CallingAeTitle.Trim()}-scu-{Interlocked.Increment(ref counter)}";
        var session = DimseSession.Request(
            id,
            request,
            ConnectTransportAsync,
            null,
            new UlOptions { ArtimTimeout = options.ArtimTimeout, IdleTimeout = options.IdleTimeout, ReadTimeout = options.ReadTimeout, MaxReceivePduLength = (uint)options.MaxPduLength },
            new DimseSessionOptions(),
            services is null ? null : new DicomServiceDispatcher(services, logger),
            logger,
            time);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout + options.ArtimTimeout);
            await session.Established.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            session.Abort(ex is OperationCanceledException ? "cancelled while establishing" : "not established");
            await session.DisposeAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new DicomNetworkException($"{options.CalledAeTitle} at {options.Host}:{options.Port} did not answer the association request in time.", ex);
            }

            throw;
        }

        return new DicomClientAssociation(session, options, logger);
    }

    /// <summary>C-ECHO (Verification SCU).</summary>
    public async Task<DicomStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var association = await ConnectAsync([new DicomPresentationContextProposal(DicomUid.Verification.Value)], null, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return status;
        }
    }

    /// <summary>C-FIND on one information model; the matches as they arrive. Cancelling sends C-CANCEL.</summary>
    public async IAsyncEnumerable<DicomFindResponse> FindAsync(string sopClassUid, DicomDataset identifier, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var association = await ConnectAsync([new DicomPresentationContextProposal(sopClassUid)], null, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            await foreach (var response in association.FindAsync(sopClassUid, identifier, cancellationToken).ConfigureAwait(false))
            {
                yield return response;
            }

            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// C-STORE of Part 10 files on one association, up to <see cref="DicomClientOptions.MaxAsyncOperations"/> in flight
    /// as far as the peer agreed; the status of each, in the order of <paramref name="paths"/>.
    /// </summary>
    public async Task<IReadOnlyList<DicomStatus>> StoreFilesAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = paths.ToList();
        var proposals = new List<DicomPresentationContextProposal>();
        foreach (var path in files)
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var head = await DicomFileHead.ReadAsync(file, cancellationToken).ConfigureAwait(false);
                foreach (var proposal in DicomClientAssociation.ProposalsFor(head.SopClassUid, head.TransferSyntax))
                {
                    if (!proposals.Any(p => p.AbstractSyntax == proposal.AbstractSyntax && p.TransferSyntaxes.SequenceEqual(proposal.TransferSyntaxes)))
                    {
                        proposals.Add(proposal);
                    }
                }
            }
        }

        var association = await ConnectAsync(proposals, null, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var statuses = await association.StoreFilesAsync(files, cancellationToken).ConfigureAwait(false);
            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return statuses;
        }
    }

    /// <summary>MPPS N-CREATE (the step is IN PROGRESS); without an instance UID the SCP assigns one (returned in the response).</summary>
    public Task<DicomNResponse> CreateMppsAsync(DicomDataset attributes, string? sopInstanceUid = null, CancellationToken cancellationToken = default) =>
        WithAssociationAsync(DicomUid.ModalityPerformedProcedureStep.Value, a => a.NCreateAsync(DicomUid.ModalityPerformedProcedureStep.Value, sopInstanceUid, attributes, cancellationToken), cancellationToken);

    /// <summary>MPPS N-SET (updates, COMPLETED or DISCONTINUED).</summary>
    public Task<DicomNResponse> SetMppsAsync(string sopInstanceUid, DicomDataset modifications, CancellationToken cancellationToken = default) =>
        WithAssociationAsync(DicomUid.ModalityPerformedProcedureStep.Value, a => a.NSetAsync(DicomUid.ModalityPerformedProcedureStep.Value, sopInstanceUid, modifications, cancellationToken), cancellationToken);

    /// <summary>
    /// Storage commitment request (N-ACTION), then waits on the same association up to <paramref name="reportTimeout"/>
    /// for the N-EVENT-REPORT. Null when the SCP did not report in time on this association (it may report on a new one,
    /// to a <see cref="DicomServer"/> with <see cref="DicomServiceRegistry.AddStorageCommitmentReports"/>).
    /// </summary>
    public async Task<StorageCommitmentReport?> RequestStorageCommitmentAsync(string transactionUid, IEnumerable<DicomSopReference> instances, TimeSpan reportTimeout, CancellationToken cancellationToken = default)
    {
        var waiter = new StorageCommitmentReportWaiter(transactionUid);
        var services = new DicomServiceRegistry().AddStorageCommitmentReports(waiter);
        var association = await ConnectAsync([new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value)], services, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var response = await association.RequestStorageCommitmentAsync(transactionUid, instances, cancellationToken).ConfigureAwait(false);
            if (!response.Status.IsSuccessOrWarning)
            {
                throw new DicomNetworkException($"The storage commitment request was refused: {response.Status} {response.ErrorComment}");
            }

            StorageCommitmentReport? report = null;
            try
            {
                report = await waiter.Report.WaitAsync(reportTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The SCP may send the report on a new association later.
            }

            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return report;
        }
    }

    /// <summary>
    /// Sends a storage commitment report (N-EVENT-REPORT) to a requester on a new association, proposing the SCP role
    /// for this side (PS3.4 J.3.3); returns the requester's response, whatever its status.
    /// </summary>
    public async Task<DicomNResponse> SendStorageCommitmentReportAsync(StorageCommitmentReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var proposal = new DicomPresentationContextProposal(DicomUid.StorageCommitmentPushModel.Value) { ScuRole = false, ScpRole = true };
        return await WithAssociationAsync(proposal, a => a.NEventReportAsync(DicomUid.StorageCommitmentPushModel.Value,
            DicomUid.StorageCommitmentPushModelInstance.Value, report.EventTypeId, report.ToDataSet(), cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private Task<T> WithAssociationAsync<T>(string sopClassUid, Func<DicomClientAssociation, Task<T>> operation, CancellationToken cancellationToken) =>
        WithAssociationAsync(new DicomPresentationContextProposal(sopClassUid), operation, cancellationToken);

    private async Task<T> WithAssociationAsync<T>(DicomPresentationContextProposal proposal, Func<DicomClientAssociation, Task<T>> operation, CancellationToken cancellationToken)
    {
        var association = await ConnectAsync([proposal], null, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var result = await operation(association).ConfigureAwait(false);
            await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
    }

    private async ValueTask<Stream> ConnectTransportAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (options.Tls is { } tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = tls.TargetHost ?? options.Host,
                        EnabledSslProtocols = DicomTls.Protocols,
                        CipherSuitesPolicy = DicomTls.Bcp195CipherSuites(),
                        ClientCertificates = tls.ClientCertificate is null ? null : [tls.ClientCertificate],
                        RemoteCertificateValidationCallback = tls.ServerCertificateValidation,
                    },
                    timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            stream = ssl;
        }

        return stream;
    }
}
