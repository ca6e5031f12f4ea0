using System.IO.Compression;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Inflates a deflated data set. Raw deflate (RFC 1951) is what PS3.5 A.5 requires; a zlib header, which some
/// writers add, is recognised on the first read (with a warning). Corrupt compressed data becomes
/// <see cref="DicomParseException"/>, so a reader of any bytes only ever sees that one exception type. The compressed
/// stream is never closed.
/// </summary>
internal sealed class InflatingStream(Stream compressed, IDicomReaderObserver observer, long offset) : ForwardOnlyReadStream
{
    private Stream? decoder;

    public override int Read(Span<byte> buffer)
    {
        if (decoder is null)
        {
            var head = new byte[2];
            var read = 0;
            int n;
            while (read < 2 && (n = compressed.Read(head, read, 2 - read)) > 0)
            {
                read += n;
            }

            Open(head, read);
        }

        try
        {
            return decoder!.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomParseException($"The deflated data set is corrupt: {ex.Message}", ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (decoder is null)
        {
            var head = new byte[2];
            var read = 0;
            int n;
            while (read < 2 && (n = await compressed.ReadAsync(head.AsMemory(read, 2 - read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            Open(head, read);
        }

        try
        {
            return await decoder!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomParseException($"The deflated data set is corrupt: {ex.Message}", ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decoder?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Open(byte[] head, int length)
    {
        var zlib = length == 2 && (head[0] & 0x0F) == 8 && (head[0] >> 4) <= 7 && ((head[0] << 8) | head[1]) % 31 == 0;
        if (zlib)
        {
            observer.OnWarning(new DicomReadWarning(offset, null, "the deflated data set has a zlib header, which PS3.5 does not allow; it was read anyway."));
        }

        var source = new PrefixedStream(head.AsMemory(0, length), compressed);
        decoder = zlib
            ? new ZLibStream(source, CompressionMode.Decompress, leaveOpen: true)
            : new DeflateStream(source, CompressionMode.Decompress, leaveOpen: true);
    }
}
