using System.Collections.Concurrent;
using System.Net;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Ul;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// The DIMSE layer of one association, either side: it assembles incoming messages and hands requests to the service
/// registry (each on its own task, except a C-STORE from a peer that waits for each response, which is handled on the
/// thread that receives it) and responses to the requests this side sent; it sends messages one at a time,
/// fragmented to the peer's maximum PDU length. It is the upper layer's service user.
/// </summary>
internal sealed partial class DimseSession : IUlServiceUser, IAsyncDisposable
{
    private readonly DimseSessionOptions options;
    private readonly ILogger logger;
    private readonly IDimseRequestHandler? requestHandler;
    private readonly Func<AssociateRequestPdu, DimseSession, ValueTask<Pdu.Pdu>>? decide;
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly ConcurrentDictionary<ushort, DimseOutgoingRequest> outgoing = new();
    // The peer's requests whose handling has not ended, by arrival: a message id may already be in use again.
    private readonly ConcurrentDictionary<long, CancellationTokenSource> handling = new();
    private long requestSequence;
    private readonly CancellationTokenSource lifetime = new();

    // Read from the source once: code finishing after the association ended (a report sent just as the peer released)
    // may ask for it after DisposeAsync, when the source's Token property would throw.
    private readonly CancellationToken lifetimeToken;
    private readonly DimseAssembler assembler;
    private Dictionary<byte, DicomPresentationContext> contexts = [];
    private AssociationLoop? loop;
    private int messageIds;
    private int releaseRequested;
    private ITimer? releaseGrace;
    private DicomAssociationInfo? info;
    private TaskCompletionSource? requestsHandled;

    private DimseSession(string id, IPEndPoint? remote, DimseSessionOptions options, ILogger logger, IDimseRequestHandler? requestHandler, Func<AssociateRequestPdu, DimseSession, ValueTask<Pdu.Pdu>>? decide)
    {
        Id = id;
        RemoteEndPoint = remote;
        this.options = options;
        this.logger = logger;
        this.requestHandler = requestHandler;
        this.decide = decide;
        lifetimeToken = lifetime.Token;
        assembler = new DimseAssembler(options, contextId => contexts.GetValueOrDefault(contextId));
    }

    public string Id { get; }

    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>The negotiated association; available once established.</summary>
    public DicomAssociationInfo Info => info ?? throw new InvalidOperationException($"Association {Id} is not established.");

    public bool IsEstablished => info is not null && loop?.State is UlState.Sta6;

    public Task Established => Loop.Established;

    public Task<AssociationEnd> Ended => Loop.Ended;

    /// <summary>Cancelled when the association ends.</summary>
    public CancellationToken Lifetime => lifetimeToken;

    private AssociationLoop Loop => loop ?? throw new InvalidOperationException("The session has not been started.");

    /// <summary>Serves a peer that connected to us (we are the association acceptor).</summary>
    public static DimseSession Accept(
        string id, Stream transport, IPEndPoint? remote, UlOptions ulOptions, DimseSessionOptions options,
        IDimseRequestHandler requestHandler, Func<AssociateRequestPdu, DimseSession, ValueTask<Pdu.Pdu>> decide, ILogger logger, TimeProvider time)
    {
        var session = new DimseSession(id, remote, options, logger, requestHandler, decide);
        session.loop = AssociationLoop.CreateAcceptor(id, transport, ulOptions, session, logger, time);
        session.loop.Start();
        return session;
    }

    /// <summary>Requests an association (we are the requestor); await <see cref="Established"/>.</summary>
    public static DimseSession Request(
        string id, AssociateRequestPdu request, Func<CancellationToken, ValueTask<Stream>> connect, IPEndPoint? remote, UlOptions ulOptions,
        DimseSessionOptions options, IDimseRequestHandler? requestHandler, ILogger logger, TimeProvider time)
    {
        var session = new DimseSession(id, remote, options, logger, requestHandler, decide: null);
        session.loop = AssociationLoop.CreateRequestor(id, request, connect, ulOptions, session, logger, time);
        session.loop.Start();
        return session;
    }

    public Task ReleaseAsync() => Loop.ReleaseAsync();

    /// <summary>
    /// Completes once no request of the peer is being handled, so that a local release does not overtake the answer
    /// to one (an N-EVENT-REPORT the peer sent on our association, for example).
    /// </summary>
    public Task WhenRequestsHandledAsync()
    {
        if (handling.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = Interlocked.CompareExchange(ref requestsHandled, waiter, null) ?? waiter;
        if (handling.IsEmpty)
        {
            // The last one finished while the waiter was being set up.
            Interlocked.CompareExchange(ref requestsHandled, null, current);
            current.TrySetResult();
        }

        return current.Task;
    }

    public void Abort(string reason) => Loop.Abort(reason);

    /// <summary>Aborts the association if it is still open, waits for it to end, then releases what it holds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (loop is not null)
        {
            await loop.DisposeAsync().ConfigureAwait(false);
        }

        releaseGrace?.Dispose();
        await lifetime.CancelAsync().ConfigureAwait(false);
        lifetime.Dispose();
        sendLock.Dispose();
        ownSlots?.Dispose();
    }

    ValueTask<Pdu.Pdu> IUlServiceUser.DecideAsync(AssociateRequestPdu request) =>
        decide is null
            ? ValueTask.FromResult<Pdu.Pdu>(new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven))
            : decide(request, this);

    void IUlServiceUser.OnEstablished(AssociateRequestPdu request, AssociateAcceptPdu accept)
    {
        var negotiated = new Dictionary<byte, DicomPresentationContext>();
        foreach (var result in accept.PresentationContexts.Where(r => r.IsAccepted))
        {
            var proposed = request.PresentationContexts.FirstOrDefault(c => c.Id == result.Id);
            if (proposed is null)
            {
                continue;
            }

            var role = accept.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposed.AbstractSyntax);
            var asked = request.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposed.AbstractSyntax);
            var (scu, scp) = role is not null && asked is not null ? (role.ScuRole && asked.ScuRole, role.ScpRole && asked.ScpRole) : (true, false);
            negotiated[result.Id] = new DicomPresentationContext(result.Id, proposed.AbstractSyntax, DicomTransferSyntax.Lookup(result.TransferSyntax), scu, scp);
        }

        contexts = negotiated;
        var isRequestor = Loop.IsRequestor;
        var peer = isRequestor ? accept.UserInformation : request.UserInformation;
        info = new DicomAssociationInfo(
            Id,
            request.CallingAeTitle,
            request.CalledAeTitle,
            RemoteEndPoint,
            isRequestor,
            negotiated.Values.OrderBy(c => c.Id).ToArray(),
            peer.MaximumLength ?? 0,
            peer.ImplementationClassUid,
            peer.ImplementationVersionName)
        {
            ExtendedNegotiations = accept.UserInformation.ExtendedNegotiations,
            UserIdentity = request.UserInformation.UserIdentity,
            UserIdentityServerResponse = accept.UserInformation.UserIdentityServerResponse,
            MaxOperationsInvoked = accept.UserInformation.AsynchronousOperationsWindow?.MaxOperationsInvoked ?? 1,
            MaxOperationsPerformed = accept.UserInformation.AsynchronousOperationsWindow?.MaxOperationsPerformed ?? 1,
        };
        OpenOwnWindow(info.OwnOperationsWindow);
        assembler.StreamsInline = info.PeerOperationsWindow == 1;
    }

    void IUlServiceUser.OnReleaseRequested()
    {
        Interlocked.Exchange(ref releaseRequested, 1);
        var busy = handling.Count;
        if (busy == 0)
        {
            Loop.RespondToRelease();
            return;
        }

        DimseLog.ReleaseWaits(logger, Id, busy);
        releaseGrace = TimeProvider.System.CreateTimer(
            static state =>
            {
                var session = (DimseSession)state!;
                foreach (var operation in session.handling.Values)
                {
                    operation.Cancel();
                }
            },
            this,
            options.ReleaseGracePeriod,
            Timeout.InfiniteTimeSpan);
    }

    void IUlServiceUser.OnEnded(AssociationEnd end)
    {
        releaseGrace?.Dispose();
        var reason = new DicomNetworkException($"Association {Id} ended: {end}.");
        assembler.Fail(reason);
        foreach (var request in outgoing.Values)
        {
            request.Fail(reason);
        }

        outgoing.Clear();
        lifetime.Cancel();
    }

    private void ProtocolError(string reason)
    {
        DimseLog.ProtocolError(logger, Id, reason);
        Loop.Abort(reason);
    }

    private void OnHandled(DimseIncomingRequest request)
    {
        EndPeerOperation(request);
        if (handling.TryRemove(request.Sequence, out var cancellation))
        {
            cancellation.Dispose();
        }

        if (handling.IsEmpty)
        {
            Interlocked.Exchange(ref requestsHandled, null)?.TrySetResult();
        }

        if (Volatile.Read(ref releaseRequested) == 1 && handling.IsEmpty)
        {
            releaseGrace?.Dispose();
            Loop.RespondToRelease();
        }
    }
}
