using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>ACK, general acknowledgment: MSA and any ERR segments.</summary>
public sealed class AckMessage : Hl7MessageView
{
    public AckMessage(Hl7Message message)
        : base(message, "ACK")
    {
    }

    public static AckMessage Parse(string text, Hl7ParseOptions? options = null) => new(Hl7Message.Parse(text, options));

    public MsaSegment? Msa => Find("MSA", s => new MsaSegment(s));

    /// <summary>MSA-1 (AA, AE, AR, CA, CE, CR); empty when MSA is missing.</summary>
    public string AcknowledgmentCode => Msa?.AcknowledgmentCode ?? string.Empty;

    /// <summary>MSA-2, the acknowledged message's control id.</summary>
    public string AcknowledgedControlId => Msa?.MessageControlId ?? string.Empty;

    /// <summary>True for AA and CA.</summary>
    public bool IsPositive => AcknowledgmentCode is "AA" or "CA";

    public IReadOnlyList<ErrSegment> Errors => Message.GetSegments("ERR").Select(s => new ErrSegment(s)).ToList();
}
