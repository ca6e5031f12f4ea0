namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>Immutable bytes compared by content (PDV payloads, identity fields, unknown items).</summary>
public readonly struct ByteString : IEquatable<ByteString>
{
    public ByteString(ReadOnlyMemory<byte> bytes)
    {
        Memory = bytes;
    }

    public static ByteString Empty => default;

    public ReadOnlyMemory<byte> Memory { get; }

    public ReadOnlySpan<byte> Span => Memory.Span;

    public int Length => Memory.Length;

    public static implicit operator ByteString(byte[] bytes) => new(bytes);

    public static bool operator ==(ByteString left, ByteString right) => left.Equals(right);

    public static bool operator !=(ByteString left, ByteString right) => !left.Equals(right);

    public bool Equals(ByteString other) => Memory.Span.SequenceEqual(other.Memory.Span);

    public override bool Equals(object? obj) => obj is ByteString other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Memory.Span[..Math.Min(Memory.Length, 64)]);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Length} bytes";
}
