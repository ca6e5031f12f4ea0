using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Batch;

/// <summary>
/// A file (FHS) or batch (BHS) header: the two share their layout, like MSH (field 1 is the field separator itself,
/// field 2 the encoding characters). Field values are kept as they were sent, unescaped, so that an acknowledgement can
/// echo them byte for byte.
/// </summary>
public sealed record Hl7EnvelopeHeader
{
    /// <summary><c>FHS</c> or <c>BHS</c>.</summary>
    public required string SegmentId { get; init; }

    public required Hl7Delimiters Delimiters { get; init; }

    /// <summary>FHS-3 / BHS-3.</summary>
    public string SendingApplication { get; init; } = string.Empty;

    /// <summary>FHS-4 / BHS-4.</summary>
    public string SendingFacility { get; init; } = string.Empty;

    /// <summary>FHS-5 / BHS-5.</summary>
    public string ReceivingApplication { get; init; } = string.Empty;

    /// <summary>FHS-6 / BHS-6.</summary>
    public string ReceivingFacility { get; init; } = string.Empty;

    /// <summary>FHS-11 / BHS-11: the sender's control id, which the acknowledgement names in field 12.</summary>
    public string ControlId { get; init; } = string.Empty;
}
