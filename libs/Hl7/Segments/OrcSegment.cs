using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>ORC, common order.</summary>
public sealed class OrcSegment(Hl7Segment segment) : Hl7SegmentView(segment, "ORC")
{
    /// <summary>ORC-1 (table 0119: NW new, XO change, CA cancel request, DC discontinue, SC status changed ...).</summary>
    public string OrderControl
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>ORC-2.</summary>
    public Hl7EntityIdentifier? PlacerOrderNumber
    {
        get => GetFirst(2, Hl7EntityIdentifier.Read);
        set => SetFirst(2, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>ORC-3.</summary>
    public Hl7EntityIdentifier? FillerOrderNumber
    {
        get => GetFirst(3, Hl7EntityIdentifier.Read);
        set => SetFirst(3, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>ORC-4.</summary>
    public Hl7EntityIdentifier? PlacerGroupNumber
    {
        get => GetFirst(4, Hl7EntityIdentifier.Read);
        set => SetFirst(4, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>ORC-5 (table 0038: SC scheduled, IP in process, CM completed, CA cancelled ...).</summary>
    public string OrderStatus
    {
        get => Get(5);
        set => Set(5, value);
    }

    /// <summary>ORC-7.4, the start date/time of the quantity/timing (TQ), where v2.3 senders put the schedule.</summary>
    public Hl7DateTime? QuantityTimingStart
    {
        get => GetDateTime(7, 4);
        set => SetComponent(7, 4, value?.ToString());
    }

    /// <summary>ORC-9.</summary>
    public Hl7DateTime? TransactionDateTime
    {
        get => GetDateTime(9);
        set => SetDateTime(9, value);
    }

    /// <summary>ORC-10.</summary>
    public Hl7Provider? EnteredBy
    {
        get => GetFirst(10, Hl7Provider.Read);
        set => SetFirst(10, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>ORC-12.</summary>
    public IReadOnlyList<Hl7Provider> OrderingProviders
    {
        get => GetAll(12, Hl7Provider.Read);
        set => SetAll(12, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>ORC-15.</summary>
    public Hl7DateTime? OrderEffectiveDateTime
    {
        get => GetDateTime(15);
        set => SetDateTime(15, value);
    }

    /// <summary>ORC-16.</summary>
    public Hl7CodedElement? OrderControlCodeReason
    {
        get => GetFirst(16, Hl7CodedElement.Read);
        set => SetFirst(16, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>ORC-17.</summary>
    public Hl7CodedElement? EnteringOrganization
    {
        get => GetFirst(17, Hl7CodedElement.Read);
        set => SetFirst(17, value, (v, d) => v.ToEr7(d));
    }
}
