using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using CloudRisPacs.Dicom.Network.Pdu;
using NetPdu = CloudRisPacs.Dicom.Network.Pdu.Pdu;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>A scripted peer speaking raw PDUs over TCP, for driving the state machine into corners real peers avoid.</summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly PipeReader reader;

    private RawPeer(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
        reader = PipeReader.Create(stream);
    }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return new RawPeer(socket);
    }

    /// <summary>Waits for one connection on a listener (the peer plays the SCP).</summary>
    public static async Task<RawPeer> AcceptAsync(TcpListener listener) => new(await listener.AcceptSocketAsync());

    public static AssociateRequestPdu EchoRequest(string called = TestServer.AeTitle, string calling = "RAWPEER") =>
        new(called, calling, [new PresentationContextRequest(1, DicomUid.Verification.Value, [DicomUid.ImplicitVRLittleEndian.Value])], new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" });

    public Task SendAsync(NetPdu pdu) => SendAsync(PduWriter.ToArray(pdu));

    public async Task SendAsync(byte[] bytes) => await stream.WriteAsync(bytes);

    public void ShutdownSend() => socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next PDU, or null when the other side closed the connection; fails after the timeout.</summary>
    public async Task<NetPdu?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var read = await reader.ReadAsync(cancel.Token);
            var buffer = read.Buffer;
            if (PduReader.TryRead(ref buffer, uint.MaxValue, out var pdu))
            {
                reader.AdvanceTo(buffer.Start);
                return pdu;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Reads and drops everything until the other side closes; fails when it does not within the timeout.</summary>
    public async Task<List<NetPdu>> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var received = new List<NetPdu>();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancel.Token);
                var buffer = read.Buffer;
                while (PduReader.TryRead(ref buffer, uint.MaxValue, out var pdu))
                {
                    received.Add(pdu);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return received;
                }
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
            return received;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await reader.CompleteAsync();
        await stream.DisposeAsync();
    }
}
