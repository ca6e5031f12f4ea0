using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;
using CloudRisPacs.Dicom.Network.Ul;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// An association this side requested: DIMSE operations as an SCU, one after the other (or concurrently: messages are
/// sent one at a time). Dispose releases it (aborting when the release does not complete in time).
/// </summary>
public sealed class DicomClientAssociation : IAsyncDisposable
{
    private static readonly TimeSpan CancelDrainTimeout = TimeSpan.FromSeconds(10);
    private readonly DimseSession session;
    private readonly DicomClientOptions options;
    private readonly ILogger logger;

    internal DicomClientAssociation(DimseSession session, DicomClientOptions options, ILogger logger)
    {
        this.session = session;
        this.options = options;
        this.logger = logger;
    }

    public DicomAssociationInfo Info => session.Info;

    internal DimseSession Session => session;

    /// <summary>Completes when the association is over, with how it ended.</summary>
    public Task<AssociationEnd> Completion => session.Ended;

    public async Task<DicomStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var response = await SingleAsync(DicomUid.Verification.Value, null, DimseCommandField.CEchoRequest, null, null, null, null, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>
    /// C-FIND: yields the pending responses as they arrive and ends after the final one (a failure final status is
    /// yielded too). Cancelling, or leaving the enumeration early, sends C-CANCEL-RQ and waits for the final response. The find is outstanding until its
    /// final response, so on an association whose window it fills (window 1, the default) another request made from
    /// inside the enumeration throws <see cref="InvalidOperationException"/>: it could only be sent once the find has
    /// ended, and the find may not end while the enumeration waits.
    /// </summary>
    public IAsyncEnumerable<DicomFindResponse> FindAsync(string sopClassUid, DicomDataset identifier, CancellationToken cancellationToken = default) =>
        new MarkedResponses<DicomFindResponse>(session, mark => FindAsync(sopClassUid, identifier, mark, cancellationToken));

    private async IAsyncEnumerable<DicomFindResponse> FindAsync(string sopClassUid, DicomDataset identifier, ResponseEnumeration mark, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DimseOutgoingRequest? request = null;
        var ended = false;
        try
        {
            ArgumentNullException.ThrowIfNull(identifier);
            var context = ContextFor(sopClassUid, null);
            request = await session.SendRequestAsync(context, DimseCommandField.CFindRequest, sopClassUid, null, identifier, null, null, cancellationToken).ConfigureAwait(false);
            mark.Start();
            while (true)
            {
                DimseMessage response;
                try
                {
                    response = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    ended = true;
                    await CancelAsync(request).ConfigureAwait(false);
                    throw;
                }
                catch (DicomNetworkException)
                {
                    ended = true; // the association is gone: there is nothing left to cancel
                    throw;
                }

                if (response.Status.IsPending)
                {
                    yield return new DicomFindResponse(response.Status, response.DataSet);
                    continue;
                }

                ended = true;
                mark.Finish();
                if (!response.Status.IsSuccess)
                {
                    yield return new DicomFindResponse(response.Status, null);
                }

                yield break;
            }
        }
        finally
        {
            if (request is not null && !ended)
            {
                // The caller left before the final response (break, FirstAsync, Take): the SCP is told with C-CANCEL and
                // the rest drained, or the find would stay outstanding, filling the window, with the network reader
                // blocked on responses nobody takes.
                await CancelAsync(request).ConfigureAwait(false);
            }

            mark.Finish();
        }
    }

    /// <summary>C-STORE of a data set read from a stream (no File Meta Information) in <paramref name="transferSyntax"/>.</summary>
    public async Task<DicomStatus> StoreAsync(Stream dataSet, string sopClassUid, string sopInstanceUid, DicomTransferSyntax transferSyntax, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        var context = ContextFor(sopClassUid, transferSyntax);
        var response = await SingleAsync(sopClassUid, sopInstanceUid, DimseCommandField.CStoreRequest, null, dataSet, null, context, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>
    /// C-STORE of a Part 10 file, streamed from disk through our writer (so that the peer gets a well-formed data set
    /// even from a file with odd-length values, which DCMTK refuses). An uncompressed file goes in another uncompressed
    /// transfer syntax when the peer did not accept its own; a compressed one only as it is.
    /// </summary>
    public async Task<DicomStatus> StoreFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var head = await DicomFileHead.ReadAsync(file, cancellationToken).ConfigureAwait(false);
            file.Position = head.DataSetOffset;
            var context = Info.FindContext(head.SopClassUid, head.TransferSyntax)
                ?? (head.TransferSyntax.IsEncapsulated ? null : Info.PresentationContexts.FirstOrDefault(c => c.AbstractSyntax == head.SopClassUid && !c.TransferSyntax.IsEncapsulated))
                ?? throw new DicomNetworkException($"{Info.CalledAeTitle} accepted no presentation context for {head.SopClassUid} in {head.TransferSyntax.Uid.Name}.");
            var pipe = new Pipe();
            var convert = ConvertAsync(file, head.TransferSyntax, pipe.Writer, context.TransferSyntax, cancellationToken);
            var reader = pipe.Reader.AsStream();
            await using (reader.ConfigureAwait(false))
            {
                var status = await StoreAsync(reader, head.SopClassUid, head.SopInstanceUid, context.TransferSyntax, cancellationToken).ConfigureAwait(false);
                await convert.ConfigureAwait(false);
                return status;
            }
        }
    }

    /// <summary>
    /// C-STORE of Part 10 files, keeping up to <see cref="OperationsWindow"/> of them in flight so that the peer's
    /// durable writes overlap; the status of each, in the order of <paramref name="paths"/>.
    /// </summary>
    public async Task<IReadOnlyList<DicomStatus>> StoreFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var statuses = new DicomStatus[paths.Count];
        var stores = new List<Task>(paths.Count);
        var failed = false;
        using (var window = new SemaphoreSlim(OperationsWindow))
        {
            try
            {
                for (var i = 0; i < paths.Count && !Volatile.Read(ref failed); i++)
                {
                    await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                    stores.Add(StoreOneAsync(i, window));
                }
            }
            finally
            {
                // The window is released by every store in flight, so it lives until the last has ended.
                await Task.WhenAll(stores).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.WhenAll(stores).ConfigureAwait(false);
        return statuses;

        async Task StoreOneAsync(int index, SemaphoreSlim window)
        {
            try
            {
                statuses[index] = await StoreFileAsync(paths[index], cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Volatile.Write(ref failed, true);
                throw;
            }
            finally
            {
                window.Release();
            }
        }
    }

    /// <summary>How many operations this side keeps in flight: its own maximum, capped by the window the peer agreed to.</summary>
    public int OperationsWindow => Info.MaxOperationsInvoked == 0 ? options.MaxAsyncOperations : Math.Min(options.MaxAsyncOperations, Info.MaxOperationsInvoked);

    public Task<DicomNResponse> NCreateAsync(string sopClassUid, string? sopInstanceUid, DicomDataset? attributes, CancellationToken cancellationToken = default) =>
        NAsync(DimseCommandField.NCreateRequest, sopClassUid, sopInstanceUid, attributes, null, cancellationToken);

    public Task<DicomNResponse> NSetAsync(string sopClassUid, string sopInstanceUid, DicomDataset modifications, CancellationToken cancellationToken = default) =>
        NAsync(DimseCommandField.NSetRequest, sopClassUid, sopInstanceUid, modifications, null, cancellationToken);

    public Task<DicomNResponse> NActionAsync(string sopClassUid, string sopInstanceUid, ushort actionTypeId, DicomDataset? actionInformation, CancellationToken cancellationToken = default) =>
        NAsync(DimseCommandField.NActionRequest, sopClassUid, sopInstanceUid, actionInformation, command => command.SetNumber(DicomTag.ActionTypeID, actionTypeId), cancellationToken);

    public Task<DicomNResponse> NEventReportAsync(string sopClassUid, string sopInstanceUid, ushort eventTypeId, DicomDataset? eventInformation, CancellationToken cancellationToken = default) =>
        NAsync(DimseCommandField.NEventReportRequest, sopClassUid, sopInstanceUid, eventInformation, command => command.SetNumber(DicomTag.EventTypeID, eventTypeId), cancellationToken);

    /// <summary>Storage commitment request (N-ACTION type 1 on the well-known instance); the report comes later as N-EVENT-REPORT.</summary>
    public Task<DicomNResponse> RequestStorageCommitmentAsync(string transactionUid, IEnumerable<DicomSopReference> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var information = new StorageCommitmentReport(transactionUid, instances.ToArray(), []).ToDataSet();
        return NActionAsync(DicomUid.StorageCommitmentPushModel.Value, DicomUid.StorageCommitmentPushModelInstance.Value, 1, information, cancellationToken);
    }

    /// <summary>
    /// A-RELEASE, once the answers to the peer's own requests on this association have gone out; aborts instead when
    /// those are not done, or the peer does not answer the release, within the release timeout.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (session.Ended.IsCompleted)
        {
            return;
        }

        try
        {
            await session.WhenRequestsHandledAsync().WaitAsync(options.ReleaseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            session.Abort($"requests of the peer were still being handled after {options.ReleaseTimeout}");
            await session.Ended.ConfigureAwait(false);
            return;
        }

        try
        {
            await session.ReleaseAsync().WaitAsync(options.ReleaseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            session.Abort($"no A-RELEASE-RP within {options.ReleaseTimeout}");
        }

        await session.Ended.ConfigureAwait(false);
    }

    public void Abort() => session.Abort("aborted by the local user");

    public async ValueTask DisposeAsync()
    {
        if (!session.Ended.IsCompleted)
        {
            try
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DicomNetworkException or InvalidOperationException)
            {
                session.Abort("release failed");
            }
        }

        await session.DisposeAsync().ConfigureAwait(false);
    }

    internal static IEnumerable<DicomPresentationContextProposal> ProposalsFor(string sopClassUid, DicomTransferSyntax syntax)
    {
        yield return new DicomPresentationContextProposal(sopClassUid, syntax);
        if (!syntax.IsEncapsulated)
        {
            yield return new DicomPresentationContextProposal(sopClassUid);
        }
    }

    private static async Task ConvertAsync(Stream source, DicomTransferSyntax from, PipeWriter writer, DicomTransferSyntax to, CancellationToken cancellationToken)
    {
        try
        {
            var target = writer.AsStream(leaveOpen: true);
            await using (target.ConfigureAwait(false))
            {
                await DicomStreamCopier.CopyAsync(source, from, target, to, null, cancellationToken).ConfigureAwait(false);
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await writer.CompleteAsync(ex).ConfigureAwait(false);
            throw;
        }
    }

    private DicomPresentationContext ContextFor(string sopClassUid, DicomTransferSyntax? syntax) =>
        Info.FindContext(sopClassUid, syntax)
        ?? throw new DicomNetworkException($"{Info.CalledAeTitle} accepted no presentation context for {sopClassUid}{(syntax is null ? string.Empty : $" in {syntax.Uid.Name}")}.");

    private async Task<DicomNResponse> NAsync(DimseCommandField field, string sopClassUid, string? sopInstanceUid, DicomDataset? dataSet, Action<DicomDataset>? completeCommand, CancellationToken cancellationToken)
    {
        var response = await SingleAsync(sopClassUid, sopInstanceUid, field, dataSet, null, completeCommand, null, cancellationToken).ConfigureAwait(false);
        return new DicomNResponse(response.Status, response.DataSet, response.SopInstanceUid)
        {
            ErrorComment = response.Command.GetString(DicomTag.ErrorComment),
            ErrorId = response.Command.GetNumber<ushort>(DicomTag.ErrorID),
        };
    }

    private async Task<DimseMessage> SingleAsync(
        string sopClassUid, string? sopInstanceUid, DimseCommandField field, DicomDataset? dataSet, Stream? stream,
        Action<DicomDataset>? completeCommand, DicomPresentationContext? context, CancellationToken cancellationToken)
    {
        context ??= ContextFor(sopClassUid, null);
        var request = await session.SendRequestAsync(context, field, sopClassUid, sopInstanceUid, dataSet, stream, completeCommand, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.Forget(request);
        }
    }

    private static async Task<DimseMessage> ReadAsync(DimseOutgoingRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.Responses.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new DicomNetworkException(ex.InnerException?.Message ?? "The association ended before the response arrived.", ex);
        }
    }

    private async Task CancelAsync(DimseOutgoingRequest request)
    {
        // The responses are drained while the C-CANCEL goes out, not after: the network reader may be waiting for room
        // among the responses nobody took yet, and the association cannot send while its reader waits.
        var sending = session.SendCancelAsync(request);
        try
        {
            using var drain = new CancellationTokenSource(CancelDrainTimeout);
            while (true)
            {
                var response = await request.Responses.ReadAsync(drain.Token).ConfigureAwait(false);
                if (!response.Status.IsPending)
                {
                    break;
                }
            }

            await sending.WaitAsync(drain.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or DicomNetworkException)
        {
            session.Abort("no final response after C-CANCEL");
            _ = sending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        finally
        {
            session.Forget(request);
        }
    }
}
