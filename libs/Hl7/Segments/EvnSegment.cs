using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>EVN, event type.</summary>
public sealed class EvnSegment(Hl7Segment segment) : Hl7SegmentView(segment, "EVN")
{
    /// <summary>EVN-1 (deprecated from v2.5; MSH-9.2 carries the event).</summary>
    public string EventTypeCode
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>EVN-2.</summary>
    public Hl7DateTime? RecordedDateTime
    {
        get => GetDateTime(2);
        set => SetDateTime(2, value);
    }

    /// <summary>EVN-3.</summary>
    public Hl7DateTime? PlannedEventDateTime
    {
        get => GetDateTime(3);
        set => SetDateTime(3, value);
    }

    /// <summary>EVN-4.</summary>
    public string EventReasonCode
    {
        get => Get(4);
        set => Set(4, value);
    }

    /// <summary>EVN-5.</summary>
    public IReadOnlyList<Hl7Provider> Operators
    {
        get => GetAll(5, Hl7Provider.Read);
        set => SetAll(5, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>EVN-6.</summary>
    public Hl7DateTime? EventOccurred
    {
        get => GetDateTime(6);
        set => SetDateTime(6, value);
    }

    /// <summary>EVN-7.</summary>
    public Hl7HierarchicDesignator? EventFacility
    {
        get => GetFirst(7, Hl7HierarchicDesignator.Read);
        set => SetFirst(7, value, (v, d) => v.ToEr7(d));
    }
}
