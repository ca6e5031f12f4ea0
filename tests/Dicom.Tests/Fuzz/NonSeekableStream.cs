namespace CloudRisPacs.Dicom.Tests.Fuzz;

/// <summary>A stream that cannot seek and returns few bytes per read, like a network stream: the reader cannot know the input length.</summary>
public sealed class NonSeekableStream(byte[] data, int maxChunk) : Stream
{
    private int position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var take = Math.Min(Math.Min(count, maxChunk), data.Length - position);
        Array.Copy(data, position, buffer, offset, take);
        position += take;
        return take;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
