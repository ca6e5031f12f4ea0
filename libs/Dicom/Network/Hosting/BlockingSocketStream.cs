using System.Net.Sockets;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// A socket stream that never starts an asynchronous socket operation, so that the socket stays in blocking mode.
/// On Linux .NET switches a socket to non-blocking for good at its first asynchronous operation; from then on a
/// synchronous read that has to wait is completed by the runtime's socket engine thread through a thread-pool thread,
/// which wakes the reader: three wake-ups (and a pool thread spinning for more work) for each read where one would do.
/// The association's transport thread reads with blocking reads; the answers written with blocking writes are small,
/// and a peer that stops taking data holds a writer for <see cref="Socket.SendTimeout"/> at most. Reads and writes go
/// to the socket directly: <see cref="NetworkStream"/>'s span methods copy through a rented array in a derived class.
/// On Linux every read that got data is acknowledged at once (TCP_QUICKACK, which the kernel clears again by itself):
/// a peer that writes a message in two pieces with Nagle's algorithm on (dcmjs-dimse does, and so may a modality)
/// holds the second piece until the first is acknowledged, and a delayed acknowledgement costs it 40 ms per message.
/// </summary>
internal sealed class BlockingSocketStream : NetworkStream
{
    private const int TcpLevel = 6; // IPPROTO_TCP
    private const int TcpQuickAck = 12; // TCP_QUICKACK, Linux
    private static readonly byte[] On = [1, 0, 0, 0];
    private bool quickAck = OperatingSystem.IsLinux();

    public BlockingSocketStream(Socket socket, TimeSpan sendTimeout)
        : base(socket, ownsSocket: true)
    {
        socket.SendTimeout = Milliseconds(sendTimeout);
    }

    /// <summary>A socket timeout in milliseconds (0 would mean none).</summary>
    public static int Milliseconds(TimeSpan timeout) => (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            var read = Socket.Receive(buffer, SocketFlags.None);
            if (read > 0 && quickAck)
            {
                AcknowledgeAtOnce();
            }

            return read;
        }
        catch (SocketException ex)
        {
            throw new IOException(IsTimeout(ex) ? $"the peer sent nothing for {TimeSpan.FromMilliseconds(Socket.ReceiveTimeout)}" : $"Unable to read data from the transport connection: {ex.Message}", ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            while (!buffer.IsEmpty)
            {
                buffer = buffer[Socket.Send(buffer, SocketFlags.None)..];
            }
        }
        catch (SocketException ex)
        {
            throw new IOException(IsTimeout(ex) ? $"the peer took no data for {TimeSpan.FromMilliseconds(Socket.SendTimeout)}" : $"Unable to write data to the transport connection: {ex.Message}", ex);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void AcknowledgeAtOnce()
    {
        try
        {
            Socket.SetRawSocketOption(TcpLevel, TcpQuickAck, On);
        }
        catch (SocketException)
        {
            quickAck = false; // not a TCP socket after all (or an old kernel): only an optimization
        }
    }

    private static bool IsTimeout(SocketException ex) => ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock;
}
