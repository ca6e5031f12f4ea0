namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// A read-only stream of some bytes already read (the leftover of a buffer) followed by the rest of another stream,
/// which it never closes. It lets a reader hand over to the next stage (a deflate decoder, the data set after the
/// File Meta Information) without seeking.
/// </summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ForwardOnlyReadStream
{
    private ReadOnlyMemory<byte> prefix = prefix;

    public override int Read(Span<byte> buffer)
    {
        if (!prefix.IsEmpty)
        {
            var take = Math.Min(prefix.Length, buffer.Length);
            prefix.Span[..take].CopyTo(buffer);
            prefix = prefix[take..];
            return take;
        }

        return inner.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!prefix.IsEmpty)
        {
            return Read(buffer.Span);
        }

        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
