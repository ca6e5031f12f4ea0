using System.Buffers.Binary;
using System.Text;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>
/// A data set in explicit VR little endian generated on the fly (SOP class and instance, then Pixel Data of any size,
/// filled with a pattern): large instances without holding them in memory or on disk.
/// </summary>
public sealed class SyntheticDataSetStream : Stream
{
    private readonly byte[] header;
    private readonly long length;
    private long position;

    public SyntheticDataSetStream(string sopClassUid, string sopInstanceUid, long pixelBytes)
    {
        if (pixelBytes % 2 != 0)
        {
            throw new ArgumentException("Pixel data has an even length.", nameof(pixelBytes));
        }

        using var buffer = new MemoryStream();
        WriteUid(buffer, 0x0008, 0x0016, sopClassUid);
        WriteUid(buffer, 0x0008, 0x0018, sopInstanceUid);
        Span<byte> pixelHeader = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(pixelHeader, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(pixelHeader[2..], 0x0010);
        pixelHeader[4] = (byte)'O';
        pixelHeader[5] = (byte)'B';
        BinaryPrimitives.WriteUInt32LittleEndian(pixelHeader[8..], checked((uint)pixelBytes));
        buffer.Write(pixelHeader);
        header = buffer.ToArray();
        length = header.Length + pixelBytes;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    /// <summary>The byte at an offset of the pixel data (what a receiver can check against).</summary>
    public static byte PatternAt(long offset) => (byte)((offset * 31) ^ (offset >> 9));

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && position < length)
        {
            if (position < header.Length)
            {
                var take = (int)Math.Min(buffer.Length - written, header.Length - position);
                header.AsSpan((int)position, take).CopyTo(buffer[written..]);
                written += take;
                position += take;
                continue;
            }

            var pixel = position - header.Length;
            var chunk = (int)Math.Min(buffer.Length - written, length - position);
            for (var i = 0; i < chunk; i++)
            {
                buffer[written + i] = PatternAt(pixel + i);
            }

            written += chunk;
            position += chunk;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static void WriteUid(Stream output, ushort group, ushort element, string uid)
    {
        var value = Encoding.ASCII.GetBytes(uid.Length % 2 == 0 ? uid : uid + "\0");
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(head, group);
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], element);
        head[4] = (byte)'U';
        head[5] = (byte)'I';
        BinaryPrimitives.WriteUInt16LittleEndian(head[6..], (ushort)value.Length);
        output.Write(head);
        output.Write(value);
    }
}
