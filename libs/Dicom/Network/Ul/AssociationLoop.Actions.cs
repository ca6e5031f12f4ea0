using System.IO.Pipelines;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Ul;

internal sealed partial class AssociationLoop
{
    /// <summary>Carries out one action of tables 9-6 to 9-9 and returns the next state.</summary>
    private async ValueTask<UlState> ExecuteAsync(UlAction action, UlInput input)
    {
        switch (action)
        {
            case UlAction.AE1:
                _ = ConnectAsync();
                break;
            case UlAction.AE2:
                OpenTransport(input.Transport!);
                await WriteAsync(request!).ConfigureAwait(false);
                break;
            case UlAction.AE3:
                user.OnEstablished(request!, (AssociateAcceptPdu)input.Pdu!);
                established.TrySetResult();
                break;
            case UlAction.AE4:
                var rejected = (AssociateRejectPdu)input.Pdu!;
                end = new AssociationEnd(AssociationEndKind.Rejected, $"rejected by the called AE ({rejected.Result}, {AssociateRejectReason.Describe(rejected.Source, rejected.Reason)})");
                await CloseTransportAsync().ConfigureAwait(false);
                break;
            case UlAction.AE5:
                OpenTransport(input.Transport!);
                StartArtim();
                break;
            case UlAction.AE6:
                return await IndicateRequestAsync((AssociateRequestPdu)input.Pdu!).ConfigureAwait(false);
            case UlAction.AE7:
                var accept = (AssociateAcceptPdu)input.Pdu!;
                if (await WriteAsync(accept).ConfigureAwait(false))
                {
                    user.OnEstablished(request!, accept);
                    established.TrySetResult();
                }

                break;
            case UlAction.AE8:
                var reject = (AssociateRejectPdu)input.Pdu!;
                end = new AssociationEnd(AssociationEndKind.Rejected, $"rejected ({reject.Result}, {AssociateRejectReason.Describe(reject.Source, reject.Reason)})");
                await WriteAsync(reject).ConfigureAwait(false);
                StartArtim();
                break;
            case UlAction.DT1:
            case UlAction.AR7:
                await SendDataAsync(input).ConfigureAwait(false);
                break;
            case UlAction.DT2:
            case UlAction.AR6:
                await IndicateDataAsync((PDataTransferPdu)input.Pdu!).ConfigureAwait(false);
                break;
            case UlAction.AR1:
                release = input.Done;
                await WriteAsync(ReleaseRequestPdu.Instance).ConfigureAwait(false);
                break;
            case UlAction.AR2:
                user.OnReleaseRequested();
                break;
            case UlAction.AR3:
                end ??= new AssociationEnd(AssociationEndKind.Released, "released");
                release?.TrySetResult();
                await CloseTransportAsync().ConfigureAwait(false);
                break;
            case UlAction.AR4:
                end ??= new AssociationEnd(AssociationEndKind.Released, "released");
                input.Done?.TrySetResult();
                await WriteAsync(ReleaseResponsePdu.Instance).ConfigureAwait(false);
                StartArtim();
                break;
            case UlAction.AR5:
                StopArtim();
                break;
            case UlAction.AR8:
                // Release collision: the requestor answers at once (AR-9); the acceptor waits for the peer's A-RELEASE-RP (AR-10) first.
                if (IsRequestor)
                {
                    followUps.Enqueue(new UlInput(UlEvent.Evt14) { Detail = "release collision" });
                    return UlState.Sta9;
                }

                return UlState.Sta10;
            case UlAction.AR9:
                input.Done?.TrySetResult();
                await WriteAsync(ReleaseResponsePdu.Instance).ConfigureAwait(false);
                break;
            case UlAction.AR10:
                end ??= new AssociationEnd(AssociationEndKind.Released, "released (release collision)");
                release?.TrySetResult();
                followUps.Enqueue(new UlInput(UlEvent.Evt14) { Detail = "release collision" });
                break;
            case UlAction.AA1:
                await AbortAsUserAsync(input).ConfigureAwait(false);
                break;
            case UlAction.AA2:
                StopArtim();
                end ??= input.Event switch
                {
                    UlEvent.Evt18 => new AssociationEnd(AssociationEndKind.TransportClosed, $"ARTIM timer expired after {options.ArtimTimeout}"),
                    UlEvent.Evt16 => new AssociationEnd(AssociationEndKind.AbortedByPeer, "A-ABORT received before the association request"),
                    _ => new AssociationEnd(AssociationEndKind.AbortedLocally, input.Detail ?? "aborted while connecting"),
                };
                input.Done?.TrySetResult();
                await CloseTransportAsync().ConfigureAwait(false);
                break;
            case UlAction.AA3:
                var abort = (AbortPdu)input.Pdu!;
                UlLog.PeerAborted(logger, Id, abort.Source.ToString(), abort.Reason.ToString());
                end ??= new AssociationEnd(AssociationEndKind.AbortedByPeer, $"A-ABORT from the peer (source {abort.Source}, reason {abort.Reason})");
                await CloseTransportAsync().ConfigureAwait(false);
                break;
            case UlAction.AA4:
                end ??= new AssociationEnd(AssociationEndKind.TransportClosed, input.Detail ?? "transport closed by the peer") { Cause = input.Cause };
                await CloseTransportAsync().ConfigureAwait(false);
                break;
            case UlAction.AA5:
                StopArtim();
                end ??= new AssociationEnd(AssociationEndKind.TransportClosed, input.Detail ?? "transport closed before an association request");
                await CloseTransportAsync().ConfigureAwait(false);
                break;
            case UlAction.AA6:
                break;
            case UlAction.AA7:
                await WriteAsync(new AbortPdu(AbortSource.ServiceProvider, ReasonOf(input))).ConfigureAwait(false);
                break;
            case UlAction.AA8:
                await AbortAsProviderAsync(input).ConfigureAwait(false);
                break;
        }

        return UlStateTable.NextState(action) ?? throw new InvalidOperationException($"{action} must decide its next state.");
    }

    private static AbortReason ReasonOf(UlInput input) => input.Pdu is InvalidPdu invalid ? invalid.Reason : AbortReason.UnexpectedPdu;

    private static string Describe(UlInput input, UlState state) => input.Pdu switch
    {
        InvalidPdu invalid => $"invalid PDU: {invalid.Detail}",
        { } pdu => $"{pdu.Type} PDU not expected in {state}",
        _ => input.Detail ?? input.Event.ToString(),
    };

    private void OpenTransport(Stream stream)
    {
        transport = stream;
        output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        var pump = new Thread(static state =>
        {
            var (self, transport) = ((AssociationLoop, Stream))state!;
            self.Pump(transport);
        })
        {
            IsBackground = true,
            Name = PumpThreadName,
        };
        pumpThread = pump;
        pump.Start((this, stream));
    }

    private async Task ConnectAsync()
    {
        try
        {
            var stream = await connect!(lifetime.Token).ConfigureAwait(false);
            if (!TryPost(new UlInput(UlEvent.Evt2) { Transport = stream }))
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Event 17 in Sta4 is AA-4: an A-P-ABORT indication, reported to the caller as the failed connection.
            TryPost(new UlInput(UlEvent.Evt17) { Detail = $"connection failed: {ex.Message}", Cause = ex });
        }
    }

    private async ValueTask<UlState> IndicateRequestAsync(AssociateRequestPdu associateRequest)
    {
        StopArtim();
        request = associateRequest;
        if ((associateRequest.ProtocolVersion & 1) == 0)
        {
            var reason = $"protocol version 0x{associateRequest.ProtocolVersion:X4} does not include version 1";
            UlLog.Rejecting(logger, Id, reason);
            end = new AssociationEnd(AssociationEndKind.Rejected, reason);
            await WriteAsync(new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported)).ConfigureAwait(false);
            StartArtim();
            return UlState.Sta13;
        }

        var decision = await user.DecideAsync(associateRequest).ConfigureAwait(false);
        try
        {
            _ = PduWriter.ToArray(decision);
        }
        catch (ArgumentException ex)
        {
            // An answer that cannot be written (it echoes something malformed of the request) becomes a rejection.
            UlLog.Rejecting(logger, Id, $"the answer cannot be encoded: {ex.Message}");
            decision = new AssociateRejectPdu(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.NoReasonGiven);
        }

        followUps.Enqueue(new UlInput(decision is AssociateAcceptPdu ? UlEvent.Evt7 : UlEvent.Evt8) { Pdu = decision });
        return UlState.Sta3;
    }

    private async ValueTask SendDataAsync(UlInput input)
    {
        if (await WriteAsync(input.Pdu!, input.MayDeferFlush).ConfigureAwait(false))
        {
            input.Done?.TrySetResult();
        }
        else
        {
            input.Done?.TrySetException(new DicomNetworkException($"Association {Id}: the P-DATA-TF PDU could not be written."));
        }
    }

    private async ValueTask IndicateDataAsync(PDataTransferPdu pdu)
    {
        try
        {
            await user.OnPDataAsync(pdu, aborting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborting.IsCancellationRequested)
        {
            // An abort is queued; it is the next thing the loop does.
        }
    }

    private async ValueTask AbortAsUserAsync(UlInput input)
    {
        var detail = input.Event == UlEvent.Evt15 ? input.Detail ?? "local request" : Describe(input, State);
        if (input.Event != UlEvent.Evt15)
        {
            UlLog.UnexpectedPdu(logger, Id, input.Pdu?.Type.ToString() ?? input.Event.ToString(), State);
        }

        var abort = input.ProviderReason is { } reason ? new AbortPdu(AbortSource.ServiceProvider, reason) : new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified);
        UlLog.Aborting(logger, Id, abort.Source == AbortSource.ServiceProvider ? "service provider" : "service user", abort.Reason.ToString(), detail);
        end ??= new AssociationEnd(AssociationEndKind.AbortedLocally, detail);
        await WriteAsync(abort).ConfigureAwait(false);
        StartArtim();
        input.Done?.TrySetResult();
    }

    private async ValueTask AbortAsProviderAsync(UlInput input)
    {
        var reason = ReasonOf(input);
        var detail = Describe(input, State);
        if (input.Pdu is InvalidPdu)
        {
            UlLog.InvalidPdu(logger, Id, detail);
        }

        UlLog.Aborting(logger, Id, "service provider", reason.ToString(), detail);
        end ??= new AssociationEnd(AssociationEndKind.AbortedLocally, detail);
        await WriteAsync(new AbortPdu(AbortSource.ServiceProvider, reason)).ConfigureAwait(false);
        StartArtim();
    }
}
