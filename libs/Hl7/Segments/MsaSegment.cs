using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>MSA, message acknowledgment.</summary>
public sealed class MsaSegment(Hl7Segment segment) : Hl7SegmentView(segment, "MSA")
{
    /// <summary>MSA-1 (table 0008: AA, AE, AR, CA, CE, CR).</summary>
    public string AcknowledgmentCode
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>MSA-2, the acknowledged message's MSH-10.</summary>
    public string MessageControlId
    {
        get => Get(2);
        set => Set(2, value);
    }

    /// <summary>MSA-3 (deprecated from v2.5 in favour of ERR, still widely read).</summary>
    public string TextMessage
    {
        get => Get(3);
        set => Set(3, value);
    }

    /// <summary>MSA-4.</summary>
    public string ExpectedSequenceNumber
    {
        get => Get(4);
        set => Set(4, value);
    }

    /// <summary>MSA-6 (v2.3/2.4 error condition; table 0357).</summary>
    public Hl7CodedElement? ErrorCondition
    {
        get => GetFirst(6, Hl7CodedElement.Read);
        set => SetFirst(6, value, (v, d) => v.ToEr7(d));
    }
}
