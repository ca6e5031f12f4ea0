using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>OBR, observation request: in radiology, the requested procedure and its identifiers.</summary>
public sealed class ObrSegment(Hl7Segment segment) : Hl7SegmentView(segment, "OBR")
{
    /// <summary>OBR-1.</summary>
    public string SetId
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>OBR-2.</summary>
    public Hl7EntityIdentifier? PlacerOrderNumber
    {
        get => GetFirst(2, Hl7EntityIdentifier.Read);
        set => SetFirst(2, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBR-3.</summary>
    public Hl7EntityIdentifier? FillerOrderNumber
    {
        get => GetFirst(3, Hl7EntityIdentifier.Read);
        set => SetFirst(3, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBR-4, the procedure code.</summary>
    public Hl7CodedElement? UniversalServiceId
    {
        get => GetFirst(4, Hl7CodedElement.Read);
        set => SetFirst(4, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBR-5 (deprecated; priority moved to TQ1).</summary>
    public string Priority
    {
        get => Get(5);
        set => Set(5, value);
    }

    /// <summary>OBR-6.</summary>
    public Hl7DateTime? RequestedDateTime
    {
        get => GetDateTime(6);
        set => SetDateTime(6, value);
    }

    /// <summary>OBR-7.</summary>
    public Hl7DateTime? ObservationDateTime
    {
        get => GetDateTime(7);
        set => SetDateTime(7, value);
    }

    /// <summary>OBR-8.</summary>
    public Hl7DateTime? ObservationEndDateTime
    {
        get => GetDateTime(8);
        set => SetDateTime(8, value);
    }

    /// <summary>OBR-13.</summary>
    public string RelevantClinicalInformation
    {
        get => Get(13);
        set => Set(13, value);
    }

    /// <summary>OBR-16.</summary>
    public IReadOnlyList<Hl7Provider> OrderingProviders
    {
        get => GetAll(16, Hl7Provider.Read);
        set => SetAll(16, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBR-18 (IHE v2.3.1: accession number).</summary>
    public string PlacerField1
    {
        get => Get(18);
        set => Set(18, value);
    }

    /// <summary>OBR-19 (IHE v2.3.1: requested procedure id).</summary>
    public string PlacerField2
    {
        get => Get(19);
        set => Set(19, value);
    }

    /// <summary>OBR-20 (IHE v2.3.1: scheduled procedure step id).</summary>
    public string FillerField1
    {
        get => Get(20);
        set => Set(20, value);
    }

    /// <summary>OBR-21.</summary>
    public string FillerField2
    {
        get => Get(21);
        set => Set(21, value);
    }

    /// <summary>OBR-22.</summary>
    public Hl7DateTime? ResultsStatusChangeDateTime
    {
        get => GetDateTime(22);
        set => SetDateTime(22, value);
    }

    /// <summary>OBR-24 (IHE: modality).</summary>
    public string DiagnosticServiceSectionId
    {
        get => Get(24);
        set => Set(24, value);
    }

    /// <summary>OBR-25 (table 0123: O, I, S, P, F, C, X ...).</summary>
    public string ResultStatus
    {
        get => Get(25);
        set => Set(25, value);
    }

    /// <summary>OBR-27.4, the start date/time of the quantity/timing (v2.3.1 scheduling).</summary>
    public Hl7DateTime? QuantityTimingStart
    {
        get => GetDateTime(27, 4);
        set => SetComponent(27, 4, value?.ToString());
    }

    /// <summary>OBR-31.</summary>
    public IReadOnlyList<Hl7CodedElement> ReasonsForStudy
    {
        get => GetAll(31, Hl7CodedElement.Read);
        set => SetAll(31, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBR-32.1 (NDL name: id and name of the principal result interpreter, as raw text).</summary>
    public string PrincipalResultInterpreter
    {
        get => Segment.GetField(32).GetComponent(1).Raw.ToString();
        set => SetComponent(32, 1, value);
    }

    /// <summary>OBR-36.</summary>
    public Hl7DateTime? ScheduledDateTime
    {
        get => GetDateTime(36);
        set => SetDateTime(36, value);
    }

    /// <summary>OBR-44.</summary>
    public Hl7CodedElement? ProcedureCode
    {
        get => GetFirst(44, Hl7CodedElement.Read);
        set => SetFirst(44, value, (v, d) => v.ToEr7(d));
    }
}
