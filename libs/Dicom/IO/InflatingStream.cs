using System.IO.Compression;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Inflates a deflated data set and turns corrupt compressed data into <see cref="DicomParseException"/>, so that
/// a reader of any bytes only ever sees that one exception type.
/// </summary>
internal sealed class InflatingStream(Stream compressed, bool zlib) : Stream
{
    private readonly Stream decoder = zlib
        ? new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true)
        : new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return decoder.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomParseException($"The deflated data set is corrupt: {ex.Message}", ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomParseException($"The deflated data set is corrupt: {ex.Message}", ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decoder.Dispose();
        }

        base.Dispose(disposing);
    }
}
