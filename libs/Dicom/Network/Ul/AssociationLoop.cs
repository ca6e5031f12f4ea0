using System.IO.Pipelines;
using System.Net.Sockets;
using CloudRisPacs.Dicom.Network.Pdu;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>
/// One association's upper layer (PS3.8 section 9): a single loop takes events one at a time — PDUs from the transport
/// pump, local primitives, the ARTIM timer — looks up (event, state) in <see cref="UlStateTable"/> and carries out the
/// action. Wire faults (unknown or malformed PDUs, truncated streams, closed sockets, timeouts) are events like any
/// other, so they end in A-ABORT or a closed transport, never in an exception escaping the loop. Only this loop writes
/// to the transport. The loop has no thread of its own: whoever posts an event while no one else is carrying one out
/// carries out the queue (see <c>AssociationLoop.Queue.cs</c>), so a PDU read by the transport thread is handled on it.
/// </summary>
internal sealed partial class AssociationLoop : IAsyncDisposable
{
    private const int IncomingCapacity = 4;

    /// <summary>Peers that count the maximum length against the PDV data rather than the PDU are tolerated by this margin.</summary>
    private const uint ReceiveSlack = 1024;

    /// <summary>Deferred flushes end after this many PDUs or bytes, so a burst costs few writes yet never sits long in memory.</summary>
    private const int MaxUnflushedPdus = 64;

    private const long MaxUnflushedBytes = 256 * 1024;

    private readonly UlOptions options;
    private readonly IUlServiceUser user;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource lifetime = new();
    private readonly CancellationTokenSource aborting = new();
    private readonly TaskCompletionSource established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<AssociationEnd> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<CancellationToken, ValueTask<Stream>>? connect;
    private Stream? transport;
    private PipeWriter? output;
    private ITimer? artim;
    private long artimGeneration;
    private long lastActivity;
    private int unflushedPdus;
    private AssociateRequestPdu? request;
    private TaskCompletionSource? release;
    private Thread? pumpThread;
    private AssociationEnd? end;

    private AssociationLoop(string id, bool isRequestor, UlOptions options, IUlServiceUser user, ILogger logger, TimeProvider time, Func<CancellationToken, ValueTask<Stream>>? connect)
    {
        Id = id;
        IsRequestor = isRequestor;
        this.options = options;
        this.user = user;
        this.logger = logger;
        this.time = time;
        this.connect = connect;
        lastActivity = time.GetTimestamp();
    }

    public string Id { get; }

    /// <summary>Whether this side requested the association (decides AR-8 in a release collision).</summary>
    public bool IsRequestor { get; }

    public UlState State { get; private set; } = UlState.Sta1;

    /// <summary>Completes when the association is established; fails with the reason when it never is.</summary>
    public Task Established => established.Task;

    /// <summary>Completes when the loop has ended and the transport is closed.</summary>
    public Task<AssociationEnd> Ended => ended.Task;

    /// <summary>The largest P-DATA-TF PDU this side accepts.</summary>
    public uint MaxReceivePduLength => options.MaxReceivePduLength;

    /// <summary>An acceptor over an accepted (and, with TLS, authenticated) transport; <see cref="Start"/> posts event 5.</summary>
    public static AssociationLoop CreateAcceptor(string id, Stream transport, UlOptions options, IUlServiceUser user, ILogger logger, TimeProvider time)
    {
        var association = new AssociationLoop(id, isRequestor: false, options, user, logger, time, connect: null);
        association.TryPost(new UlInput(UlEvent.Evt5) { Transport = transport });
        return association;
    }

    /// <summary>A requestor; <see cref="Start"/> posts event 1 (connect, then send the request).</summary>
    public static AssociationLoop CreateRequestor(string id, AssociateRequestPdu request, Func<CancellationToken, ValueTask<Stream>> connect, UlOptions options, IUlServiceUser user, ILogger logger, TimeProvider time)
    {
        var association = new AssociationLoop(id, isRequestor: true, options, user, logger, time, connect) { request = request };
        association.TryPost(new UlInput(UlEvent.Evt1));
        return association;
    }

    /// <summary>Starts the loop (once the service user holds a reference to this association).</summary>
    public void Start()
    {
        lock (gate)
        {
            if (started)
            {
                throw new InvalidOperationException($"Association {Id} is already started.");
            }

            started = true;
            carrying = true;
        }

        // The first event (connect or accept) is carried out off the caller's thread, as the caller does not expect to wait.
        ThreadPool.QueueUserWorkItem(static self => _ = self.CarryOutAsync(), this, preferLocal: false);
    }

    /// <summary>
    /// P-DATA request (event 9): completes when the PDU is written (with <paramref name="mayDeferFlush"/>, possibly
    /// only to the send buffer, flushed with a later PDU); fails when the association ends first.
    /// </summary>
    public Task SendAsync(PDataTransferPdu pdu, bool mayDeferFlush = false) =>
        Post(new UlInput(UlEvent.Evt9) { Pdu = pdu, MayDeferFlush = mayDeferFlush, Done = OnPumpThread ? new TaskCompletionSource() : NewCompletion() });

    /// <summary>A-RELEASE request (event 11): completes with the release confirmation.</summary>
    public Task ReleaseAsync()
    {
        var done = NewCompletion();
        return Post(new UlInput(UlEvent.Evt11) { Done = done });
    }

    /// <summary>A-RELEASE response (event 14), after <see cref="IUlServiceUser.OnReleaseRequested"/>.</summary>
    public void RespondToRelease() => _ = Post(new UlInput(UlEvent.Evt14) { Done = NewCompletion() });

    /// <summary>A-ABORT request (event 15). Returns at once; <see cref="Ended"/> completes when the transport is closed.</summary>
    public void Abort(string reason) => Abort(reason, providerReason: null);

    /// <summary>A-ABORT request (event 15) sent with the service provider as source and <paramref name="providerReason"/>.</summary>
    public void Abort(string reason, AbortReason? providerReason)
    {
        try
        {
            aborting.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The association has ended and been disposed (a timer or handler finishing late): there is nothing to abort.
            return;
        }

        _ = Post(new UlInput(UlEvent.Evt15) { Detail = reason, ProviderReason = providerReason, Done = NewCompletion() });
    }

    public async ValueTask DisposeAsync()
    {
        if (IsStarted && !ended.Task.IsCompleted)
        {
            Abort("disposed");
            await ended.Task.ConfigureAwait(false);
        }

        lifetime.Dispose();
        aborting.Dispose();
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// True on this association's transport thread. A PDU it sends there (the answer to a C-STORE it received, stored
    /// and handled itself) is written by that same thread, which is carrying out the queue; its sender resumes there
    /// when it is written instead of waking a thread-pool thread for the few steps left. Sends from any other thread
    /// resume asynchronously as before, so a C-FIND's next answer is never computed on the transport thread.
    /// </summary>
    private bool OnPumpThread => ReferenceEquals(Thread.CurrentThread, pumpThread);

    private async ValueTask HandleAsync(UlInput input)
    {
        if (input.Event == UlEvent.Evt18 && (artim is null || input.TimerGeneration != artimGeneration))
        {
            return;
        }

        if (!UlStateTable.TryGetAction(input.Event, State, out var action))
        {
            UlLog.NotAllowed(logger, Id, input, State);
            if (input.Transport is { } orphan)
            {
                await orphan.DisposeAsync().ConfigureAwait(false);
            }

            // A local request that meets the association closing (the peer aborted meanwhile) is a network failure, not a bug.
            input.Done?.TrySetException(new DicomNetworkException($"Association {Id} cannot carry out {input.Event} in state {State}."));
            return;
        }

        var before = State;
        var next = await ExecuteAsync(action, input).ConfigureAwait(false);
        State = next;
        UlLog.Transition(logger, Id, before, input, action, next);
    }

    private async Task FinishAsync()
    {
        State = UlState.Sta1;
        StopArtim();
        await CloseTransportAsync().ConfigureAwait(false);
        await lifetime.CancelAsync().ConfigureAwait(false);
        var result = end ?? new AssociationEnd(AssociationEndKind.TransportClosed, "closed");
        var failure = result.Cause is { } cause
            ? new DicomNetworkException($"Association {Id} ended: {result}.", cause)
            : new DicomNetworkException($"Association {Id} ended: {result}.");
        foreach (var left in CloseQueue())
        {
            left.Done?.TrySetException(failure);
        }

        release?.TrySetException(failure);
        established.TrySetException(result.Kind == AssociationEndKind.Rejected && result is { } rejected
            ? new DicomAssociationRejectedException(rejected.Detail)
            : failure);
        UlLog.Ended(logger, Id, result);
        try
        {
            user.OnEnded(result);
        }
        finally
        {
            ended.TrySetResult(result);
        }
    }

    private async ValueTask CloseTransportAsync()
    {
        var stream = Interlocked.Exchange(ref transport, null);
        if (stream is null)
        {
            return;
        }

        try
        {
            if (output is not null)
            {
                await output.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The peer may have gone already; closing is all that is left to do.
        }

        await stream.DisposeAsync().ConfigureAwait(false);
    }

    private void StartArtim()
    {
        StopArtim();
        var generation = ++artimGeneration;
        artim = time.CreateTimer(
            static state =>
            {
                var (self, generation) = ((AssociationLoop, long))state!;
                self.TryPost(new UlInput(UlEvent.Evt18) { TimerGeneration = generation });
            },
            (this, generation),
            options.ArtimTimeout,
            Timeout.InfiniteTimeSpan);
    }

    private void StopArtim()
    {
        artim?.Dispose();
        artim = null;
        artimGeneration++;
    }

    private void Touch() => Interlocked.Exchange(ref lastActivity, time.GetTimestamp());

    /// <summary>Writes a PDU; false (and event 17 queued) when the transport is gone or the write does not complete in time.</summary>
    private async ValueTask<bool> WriteAsync(Pdu.Pdu pdu, bool mayDeferFlush = false)
    {
        if (output is null || transport is null)
        {
            return false;
        }

        try
        {
            PduWriter.Write(pdu, output);
            if (mayDeferFlush && ++unflushedPdus < MaxUnflushedPdus && output.CanGetUnflushedBytes && output.UnflushedBytes < MaxUnflushedBytes)
            {
                return true;
            }

            unflushedPdus = 0;
            using var timeout = new CancellationTokenSource(options.ReadTimeout, time);
            var flush = await output.FlushAsync(timeout.Token).ConfigureAwait(false);
            Touch();
            return !flush.IsCompleted;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            var detail = ex is OperationCanceledException ? $"write did not complete within {options.ReadTimeout}" : ex.Message;
            UlLog.TransportClosed(logger, Id, detail);
            followUps.Enqueue(new UlInput(UlEvent.Evt17) { Detail = detail });
            return false;
        }
    }
}
