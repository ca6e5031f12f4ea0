using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>PD1, patient additional demographic.</summary>
public sealed class Pd1Segment(Hl7Segment segment) : Hl7SegmentView(segment, "PD1")
{
    /// <summary>PD1-3, organization name (XON.1).</summary>
    public string PrimaryFacilityName
    {
        get => Get(3);
        set => SetComponent(3, 1, value);
    }

    /// <summary>PD1-4.</summary>
    public IReadOnlyList<Hl7Provider> PrimaryCareProviders
    {
        get => GetAll(4, Hl7Provider.Read);
        set => SetAll(4, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PD1-11.</summary>
    public Hl7CodedElement? PublicityCode
    {
        get => GetFirst(11, Hl7CodedElement.Read);
        set => SetFirst(11, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PD1-12 (Y/N): whether access to the patient's data is restricted.</summary>
    public string ProtectionIndicator
    {
        get => Get(12);
        set => Set(12, value);
    }
}
