using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>MRG, merge patient information: the identifiers being merged away (A40).</summary>
public sealed class MrgSegment(Hl7Segment segment) : Hl7SegmentView(segment, "MRG")
{
    /// <summary>MRG-1.</summary>
    public IReadOnlyList<Hl7ExtendedId> PriorPatientIdentifiers
    {
        get => GetAll(1, Hl7ExtendedId.Read);
        set => SetAll(1, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MRG-2.</summary>
    public IReadOnlyList<Hl7ExtendedId> PriorAlternatePatientIds
    {
        get => GetAll(2, Hl7ExtendedId.Read);
        set => SetAll(2, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MRG-3.</summary>
    public Hl7ExtendedId? PriorPatientAccountNumber
    {
        get => GetFirst(3, Hl7ExtendedId.Read);
        set => SetFirst(3, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MRG-4.</summary>
    public Hl7ExtendedId? PriorPatientId
    {
        get => GetFirst(4, Hl7ExtendedId.Read);
        set => SetFirst(4, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MRG-5.</summary>
    public Hl7ExtendedId? PriorVisitNumber
    {
        get => GetFirst(5, Hl7ExtendedId.Read);
        set => SetFirst(5, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MRG-7.</summary>
    public IReadOnlyList<Hl7PersonName> PriorPatientNames
    {
        get => GetAll(7, Hl7PersonName.Read);
        set => SetAll(7, value, (v, d) => v.ToEr7(d));
    }
}
