namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Collects a value that arrives in chunks. Memory grows with the bytes actually received, not with the length an
/// element claims, so a lying length on an unbounded stream cannot reserve gigabytes up front.
/// </summary>
internal sealed class GrowableBuffer
{
    private const int InitialCapacity = 1 << 20;
    private byte[] data;
    private readonly long expected;

    public GrowableBuffer(long expectedLength)
    {
        expected = expectedLength;
        data = new byte[(int)Math.Min(expectedLength, InitialCapacity)];
    }

    public int Length { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (Length + chunk.Length > data.Length)
        {
            var capacity = (int)Math.Min(Math.Max((long)data.Length * 2, Length + chunk.Length), Math.Max(expected, Length + chunk.Length));
            Array.Resize(ref data, capacity);
        }

        chunk.CopyTo(data.AsSpan(Length));
        Length += chunk.Length;
    }

    /// <summary>The collected bytes (the array itself when it is exactly full).</summary>
    public ReadOnlyMemory<byte> ToMemory() => data.AsMemory(0, Length);
}
