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
/// </summary>
internal sealed class BlockingSocketStream : NetworkStream
{
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
            return Socket.Receive(buffer, SocketFlags.None);
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

    private static bool IsTimeout(SocketException ex) => ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock;
}
