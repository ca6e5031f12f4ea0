using System.Net.Sockets;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// A socket stream that never starts an asynchronous socket operation, so that the socket stays in blocking mode.
/// On Linux .NET switches a socket to non-blocking for good at its first asynchronous operation; from then on a
/// synchronous read that has to wait is completed by the runtime's socket engine thread through a thread-pool thread,
/// which wakes the reader: three wake-ups (and a pool thread spinning for more work) for each read where one would do.
/// The association's transport thread reads with blocking reads; the answers written with blocking writes are small,
/// and a peer that stops taking data holds a writer for <see cref="Socket.SendTimeout"/> at most.
/// </summary>
internal sealed class BlockingSocketStream : NetworkStream
{
    private readonly TimeSpan sendTimeout;

    public BlockingSocketStream(Socket socket, TimeSpan sendTimeout)
        : base(socket, ownsSocket: true)
    {
        this.sendTimeout = sendTimeout;
        socket.SendTimeout = (int)Math.Clamp(sendTimeout.TotalMilliseconds, 1, int.MaxValue);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Write(buffer.Span);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            throw new IOException($"the peer took no data for {sendTimeout}", ex);
        }

        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
