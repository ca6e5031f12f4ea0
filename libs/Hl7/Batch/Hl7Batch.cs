namespace CloudRisPacs.Hl7.Batch;

/// <summary>
/// An HL7 v2 batch (chapter 2, batch protocol): <c>[FHS] { [BHS] { MSH... } [BTS] } [FTS]</c>, read by
/// <see cref="Hl7BatchReader"/> with its trailer counts checked, so that a batch truncated or spliced on the way is
/// refused as a whole before any of its messages is acted on.
/// </summary>
/// <param name="FileHeader">The FHS segment, or null for a single batch sent without one.</param>
/// <param name="Sections">The batches in order.</param>
public sealed record Hl7Batch(Hl7EnvelopeHeader? FileHeader, IReadOnlyList<Hl7BatchSection> Sections)
{
    /// <summary>Every message of every batch, in the order sent.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Messages => Sections.SelectMany(section => section.Messages);

    public int MessageCount => Sections.Sum(section => section.Messages.Count);
}
