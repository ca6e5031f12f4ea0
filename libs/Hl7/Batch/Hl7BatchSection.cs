namespace CloudRisPacs.Hl7.Batch;

/// <summary>One batch of a batch file: its header (null when a file sent its messages without BHS) and its messages.</summary>
/// <param name="Header">The BHS segment, or null.</param>
/// <param name="Messages">Each message's bytes exactly as sent (MSH to its last segment's terminator).</param>
public sealed record Hl7BatchSection(Hl7EnvelopeHeader? Header, IReadOnlyList<ReadOnlyMemory<byte>> Messages);
