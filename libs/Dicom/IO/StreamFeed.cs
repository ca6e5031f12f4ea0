using System.Buffers;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// A pooled buffer over a stream that parsing stages share: what one stage leaves unconsumed (the File Meta
/// Information reader stops at the data set) is still there for the next. It also counts the offset of the first
/// buffered byte from the start of the input.
/// </summary>
internal sealed class StreamFeed : IDisposable
{
    private readonly Stream stream;
    private byte[] buffer;
    private int start;
    private int filled;

    public StreamFeed(Stream stream, int bufferSize = DicomStreamReader.BufferSize, long offset = 0)
    {
        this.stream = stream;
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, DicomParser.MinimumBufferSize));
        Offset = offset;
    }

    /// <summary>Whether the stream has ended (nothing more will be read).</summary>
    public bool IsFinal { get; private set; }

    /// <summary>The offset from the start of the input of the first available byte.</summary>
    public long Offset { get; private set; }

    public ReadOnlySpan<byte> Available => buffer.AsSpan(start, filled - start);

    public ReadOnlyMemory<byte> AvailableMemory => buffer.AsMemory(start, filled - start);

    public void Advance(int count)
    {
        start += count;
        Offset += count;
    }

    /// <summary>Reads once more from the stream; returns false when it had already ended.</summary>
    public bool Fill()
    {
        if (IsFinal)
        {
            return false;
        }

        Compact();
        var read = stream.Read(buffer, filled, buffer.Length - filled);
        filled += read;
        IsFinal = read == 0;
        return true;
    }

    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (IsFinal)
        {
            return false;
        }

        Compact();
        var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
        filled += read;
        IsFinal = read == 0;
        return true;
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are available or the stream ends.</summary>
    public void EnsureAvailable(int count)
    {
        while (filled - start < count && Fill())
        {
        }
    }

    public async ValueTask EnsureAvailableAsync(int count, CancellationToken cancellationToken)
    {
        while (filled - start < count && await FillAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    /// <summary>The unread rest as a stream (buffered bytes, then the stream), for a stage that needs a stream.</summary>
    public Stream Remainder() => new PrefixedStream(AvailableMemory.ToArray(), stream);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        start = filled = 0;
    }

    private void Compact()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
            start = 0;
        }

        if (filled == buffer.Length)
        {
            // A stage needs more than the buffer holds at once: cannot happen with the minimum size; grow instead of looping.
            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, larger, 0, filled);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
    }
}
