using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Pdu;
using NetPdu = CloudRisPacs.Dicom.Network.Pdu.Pdu;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>
/// A <see cref="RawPeer"/> that speaks whole DIMSE messages (implicit VR little endian, one PDV each for command and
/// data set) once associated: a background reader assembles what arrives, so a script can ask whether anything came
/// within a time without disturbing the stream. Any other PDU is handed over as it is.
/// </summary>
public sealed class RawDimsePeer : IAsyncDisposable
{
    private readonly RawPeer peer;
    private readonly Channel<object> received = Channel.CreateUnbounded<object>();
    private readonly Task reading;

    private RawDimsePeer(RawPeer peer)
    {
        this.peer = peer;
        reading = Task.Run(ReadAsync);
    }

    /// <summary>Connects and has <paramref name="request"/> accepted; the answer is checked to be an A-ASSOCIATE-AC.</summary>
    public static async Task<(RawDimsePeer Peer, AssociateAcceptPdu Accept)> AssociateAsync(IPEndPoint endPoint, AssociateRequestPdu request)
    {
        var peer = await RawPeer.ConnectAsync(endPoint);
        await peer.SendAsync(request);
        var accept = Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync());
        return (new RawDimsePeer(peer), accept);
    }

    /// <summary>Waits for our client's association request on <paramref name="listener"/> and accepts every context.</summary>
    public static async Task<RawDimsePeer> AcceptAsync(TcpListener listener, AsynchronousOperationsWindow? window = null)
    {
        var peer = await RawPeer.AcceptAsync(listener);
        var request = Assert.IsType<AssociateRequestPdu>(await peer.ReceiveAsync());
        var results = request.PresentationContexts.Select(c => new PresentationContextResult(c.Id, PresentationContextResultReason.Acceptance, DicomUid.ImplicitVRLittleEndian.Value)).ToArray();
        await peer.SendAsync(new AssociateAcceptPdu(request.CalledAeTitle, request.CallingAeTitle, results, new UserInformation { MaximumLength = 16384, AsynchronousOperationsWindow = window }));
        return new RawDimsePeer(peer);
    }

    public static AssociateRequestPdu Request(AsynchronousOperationsWindow? window, params string[] sopClasses) =>
        new(TestServer.AeTitle, "RAWSCU", sopClasses.Select((uid, i) => new PresentationContextRequest((byte)((i * 2) + 1), uid, [DicomUid.ImplicitVRLittleEndian.Value])).ToArray(),
            new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4", AsynchronousOperationsWindow = window });

    public Task SendAsync(NetPdu pdu) => peer.SendAsync(pdu);

    /// <summary>Sends a request on <paramref name="contextId"/> without waiting for anything.</summary>
    public Task SendRequestAsync(byte contextId, DimseCommandField field, ushort messageId, string sopClassUid, string? sopInstanceUid = null, DicomDataset? dataSet = null, Action<DicomDataset>? complete = null)
    {
        var command = DimseCommand.Request(field, messageId, sopClassUid, sopInstanceUid, dataSet is not null);
        complete?.Invoke(command);
        return SendAsync(contextId, command, dataSet);
    }

    public Task SendCancelAsync(byte contextId, ushort messageId) =>
        SendAsync(contextId, DimseCommand.Request(DimseCommandField.CCancelRequest, messageId, string.Empty), null);

    public Task RespondAsync(DimseMessage request, DicomStatus status, DicomDataset? dataSet = null) =>
        SendAsync(request.PresentationContextId, DimseCommand.Response(request, status, dataSet is not null), dataSet);

    /// <summary>The next whole message or other PDU, or null when nothing came within <paramref name="timeout"/> or the connection closed.</summary>
    public async Task<object?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await received.Reader.ReadAsync(cancel.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>The next whole message; fails when something else, or nothing within 10 s, comes.</summary>
    public async Task<DimseMessage> NextMessageAsync() =>
        Assert.IsType<DimseMessage>(await NextAsync(TimeSpan.FromSeconds(10)));

    /// <summary>Everything until the other side closes (or 10 s pass).</summary>
    public async Task<List<object>> RestAsync()
    {
        var rest = new List<object>();
        while (await NextAsync(TimeSpan.FromSeconds(10)) is { } item)
        {
            rest.Add(item);
        }

        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        await peer.DisposeAsync();
        await reading;
    }

    private Task SendAsync(byte contextId, DicomDataset command, DicomDataset? dataSet)
    {
        var values = new List<PresentationDataValue> { new(contextId, true, true, DicomDatasetWriter.Encode(command, DicomTransferSyntax.ImplicitVRLittleEndian)) };
        if (dataSet is not null)
        {
            values.Add(new PresentationDataValue(contextId, false, true, DicomDatasetWriter.Encode(dataSet, DicomTransferSyntax.ImplicitVRLittleEndian)));
        }

        return peer.SendAsync(new PDataTransferPdu(new ValueList<PresentationDataValue>(values)));
    }

    private async Task ReadAsync()
    {
        var command = new List<byte>();
        var data = new List<byte>();
        DicomDataset? pending = null;
        try
        {
            while (await peer.ReceiveAsync(TimeSpan.FromMinutes(2)) is { } pdu)
            {
                if (pdu is not PDataTransferPdu pdata)
                {
                    received.Writer.TryWrite(pdu);
                    continue;
                }

                foreach (var value in pdata.Values)
                {
                    (value.IsCommand ? command : data).AddRange(value.Data.Span.ToArray());
                    if (!value.IsLastFragment)
                    {
                        continue;
                    }

                    if (value.IsCommand)
                    {
                        pending = DicomDatasetReader.Read(command.ToArray(), DicomTransferSyntax.ImplicitVRLittleEndian).Dataset;
                        command.Clear();
                        if (new DimseMessage(pending, value.PresentationContextId).HasDataSet)
                        {
                            continue;
                        }

                        received.Writer.TryWrite(new DimseMessage(pending, value.PresentationContextId));
                    }
                    else
                    {
                        received.Writer.TryWrite(new DimseMessage(pending!, value.PresentationContextId, DicomDatasetReader.Read(data.ToArray(), DicomTransferSyntax.ImplicitVRLittleEndian).Dataset));
                        data.Clear();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is gone; the script sees the end as nothing more arriving.
        }
        finally
        {
            received.Writer.TryComplete();
        }
    }
}
