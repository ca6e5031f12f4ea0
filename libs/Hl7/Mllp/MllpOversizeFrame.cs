namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// A frame the server refused for its size. <see cref="Head"/> is its first bytes (up to
/// <see cref="MllpFrameReader.OversizeHeadLength"/>, enough to salvage MSH or a batch header); <see cref="Length"/> is
/// the bytes received before it was refused, which for a frame still arriving is less than its full size.
/// </summary>
public sealed record MllpOversizeFrame(ReadOnlyMemory<byte> Head, long Length, int MaxMessageSize, MllpConnectionInfo Connection);
