using System.Buffers.Binary;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>A data set of any size, produced as it is read: the SOP identity, then a Pixel Data element of zeros.</summary>
internal sealed class LargeDataSet(string sopClassUid, string sopInstanceUid, long pixelBytes) : Stream
{
    private readonly byte[] head = Head(sopClassUid, sopInstanceUid, pixelBytes);
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => head.Length + pixelBytes;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, Length - position);
        var fromHead = (int)Math.Clamp(head.Length - position, 0, count);
        head.AsSpan((int)Math.Min(position, head.Length), fromHead).CopyTo(buffer);
        buffer[fromHead..count].Clear();
        position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] Head(string sopClassUid, string sopInstanceUid, long pixelBytes)
    {
        var identity = DicomDatasetWriter.Encode(new DicomDataset().SetString(DicomTag.SOPClassUID, sopClassUid).SetString(DicomTag.SOPInstanceUID, sopInstanceUid), DicomTransferSyntax.ExplicitVRLittleEndian);
        var head = new byte[identity.Length + 12];
        identity.CopyTo(head, 0);
        var pixel = head.AsSpan(identity.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(pixel, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(pixel[2..], 0x0010);
        "OB"u8.CopyTo(pixel[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(pixel[8..], checked((uint)pixelBytes));
        return head;
    }
}
