using System.Buffers;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Encoded bytes waiting to be written: small pieces are copied into pooled chunks, large values the caller owns are
/// kept by reference (no copy). The owner flushes them to a stream between steps, synchronously or asynchronously.
/// </summary>
internal sealed class PendingOutput : IDisposable
{
    private const int ChunkSize = 16 * 1024;
    private readonly List<(ReadOnlyMemory<byte> Memory, byte[]? Rented)> segments = [];
    private byte[]? chunk;
    private int chunkUsed;

    /// <summary>Bytes waiting to be flushed.</summary>
    public long Length { get; private set; }

    /// <summary>Bytes produced since creation (flushed or not).</summary>
    public long Total { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (chunk is null || chunkUsed == chunk.Length)
            {
                CloseChunk();
                chunk = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, Math.Min(bytes.Length, 1 << 20)));
                chunkUsed = 0;
            }

            var take = Math.Min(bytes.Length, chunk.Length - chunkUsed);
            bytes[..take].CopyTo(chunk.AsSpan(chunkUsed));
            chunkUsed += take;
            bytes = bytes[take..];
            Length += take;
            Total += take;
        }
    }

    public void AppendByte(byte value) => Append([value]);

    /// <summary>Keeps a reference to memory that stays unchanged until flushed (an element's immutable value).</summary>
    public void AppendReference(ReadOnlyMemory<byte> memory)
    {
        if (memory.Length < 4096)
        {
            Append(memory.Span);
            return;
        }

        CloseChunk();
        segments.Add((memory, null));
        Length += memory.Length;
        Total += memory.Length;
    }

    public void FlushTo(Stream stream)
    {
        CloseChunk();
        foreach (var (memory, _) in segments)
        {
            stream.Write(memory.Span);
        }

        Reset();
    }

    public async ValueTask FlushToAsync(Stream stream, CancellationToken cancellationToken)
    {
        CloseChunk();
        foreach (var (memory, _) in segments)
        {
            await stream.WriteAsync(memory, cancellationToken).ConfigureAwait(false);
        }

        Reset();
    }

    /// <summary>Everything pending as one array (for small encodings such as command sets).</summary>
    public byte[] ToArray()
    {
        CloseChunk();
        var result = new byte[Length];
        var offset = 0;
        foreach (var (memory, _) in segments)
        {
            memory.Span.CopyTo(result.AsSpan(offset));
            offset += memory.Length;
        }

        return result;
    }

    public void Dispose() => Reset();

    private void CloseChunk()
    {
        if (chunk is not null && chunkUsed > 0)
        {
            segments.Add((chunk.AsMemory(0, chunkUsed), chunk));
        }
        else if (chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        chunk = null;
        chunkUsed = 0;
    }

    private void Reset()
    {
        CloseChunk();
        foreach (var (_, rented) in segments)
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        segments.Clear();
        Length = 0;
    }
}
