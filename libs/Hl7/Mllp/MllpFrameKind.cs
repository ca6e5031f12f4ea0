namespace CloudRisPacs.Hl7.Mllp;

/// <summary>What <see cref="MllpFrameReader.TryRead"/> found.</summary>
public enum MllpFrameKind
{
    /// <summary>A complete message between the start block (0x0B) and the end block (0x1C 0x0D).</summary>
    Message,

    /// <summary>Bytes outside any frame (or a frame abandoned by a new start block), discarded.</summary>
    Discarded,

    /// <summary>A frame longer than the maximum message size; its bytes so far are discarded.</summary>
    Oversize,
}
