using System.Net.Sockets;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// A connection's stream that acknowledges every read that got data at once (Linux TCP_QUICKACK, which the kernel
/// clears again by itself). A sender with Nagle's algorithm on that writes a frame in pieces (start block, message,
/// end block) holds each piece until the previous one is acknowledged, and once a connection goes back and forth the
/// kernel delays acknowledgements up to 40 ms: 44-47 ms per message instead of under 5. Both ends use it: the
/// listener for the frames it receives, the client for the acknowledgements the receiving system writes back.
/// </summary>
internal sealed class QuickAckNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    private const int TcpLevel = 6; // IPPROTO_TCP
    private const int TcpQuickAck = 12; // TCP_QUICKACK, Linux
    private static readonly byte[] On = [1, 0, 0, 0];
    private bool quickAck = OperatingSystem.IsLinux();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // Straight to the socket: NetworkStream.Read(Span) in a derived class goes through Read(byte[], int, int), which
    // comes back here (an endless recursion).
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Acknowledged(Socket.Receive(buffer, SocketFlags.None));
        }
        catch (SocketException ex)
        {
            throw new IOException($"Unable to read data from the transport connection: {ex.Message}", ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Acknowledged(await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Acknowledged(int read)
    {
        if (read > 0 && quickAck)
        {
            try
            {
                Socket.SetRawSocketOption(TcpLevel, TcpQuickAck, On);
            }
            catch (SocketException)
            {
                quickAck = false; // not TCP after all, or an old kernel: only an optimization
            }
        }

        return read;
    }
}
