namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// One result of the MLLP decoder. For <see cref="MllpFrameKind.Message"/>, <see cref="Payload"/> is a copy of the
/// message bytes; for <see cref="MllpFrameKind.Oversize"/> it is the first bytes of the frame (enough to read MSH for
/// a NAK); for <see cref="MllpFrameKind.Discarded"/> a short sample for the log. <see cref="Length"/> is always the
/// full count of bytes the result stands for.
/// </summary>
public readonly record struct MllpFrame(MllpFrameKind Kind, ReadOnlyMemory<byte> Payload, long Length);
