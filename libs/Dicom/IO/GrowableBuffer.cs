namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Collects a value that arrives in chunks. Up to 16 MiB is reserved at once for the length the element claims;
/// beyond that memory grows with the bytes actually received, so a lying length on an unbounded stream cannot reserve
/// gigabytes up front (and only the value being read is ever in this state).
/// </summary>
internal sealed class GrowableBuffer
{
    private const int InitialCapacity = 16 << 20;
    private byte[] data;
    private readonly long expected;

    public GrowableBuffer(long expectedLength)
    {
        expected = expectedLength;
        // Every byte is overwritten by the value, so the array need not be zeroed first.
        data = GC.AllocateUninitializedArray<byte>((int)Math.Min(expectedLength, InitialCapacity));
    }

    public int Length { get; private set; }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (Length + chunk.Length > data.Length)
        {
            var capacity = (int)Math.Min(Math.Max((long)data.Length * 2, Length + chunk.Length), Math.Max(expected, Length + chunk.Length));
            var larger = GC.AllocateUninitializedArray<byte>(capacity);
            data.AsSpan(0, Length).CopyTo(larger);
            data = larger;
        }

        chunk.CopyTo(data.AsSpan(Length));
        Length += chunk.Length;
    }

    /// <summary>The collected bytes (the array itself when it is exactly full).</summary>
    public ReadOnlyMemory<byte> ToMemory() => data.AsMemory(0, Length);
}
