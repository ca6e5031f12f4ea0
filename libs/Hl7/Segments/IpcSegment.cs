using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>IPC, imaging procedure control (OMI^O23, v2.5+): accession, requested procedure, study UID, step, modality.</summary>
public sealed class IpcSegment(Hl7Segment segment) : Hl7SegmentView(segment, "IPC")
{
    /// <summary>IPC-1.</summary>
    public Hl7EntityIdentifier? AccessionIdentifier
    {
        get => GetFirst(1, Hl7EntityIdentifier.Read);
        set => SetFirst(1, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>IPC-2.</summary>
    public Hl7EntityIdentifier? RequestedProcedureId
    {
        get => GetFirst(2, Hl7EntityIdentifier.Read);
        set => SetFirst(2, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>IPC-3.</summary>
    public Hl7EntityIdentifier? StudyInstanceUid
    {
        get => GetFirst(3, Hl7EntityIdentifier.Read);
        set => SetFirst(3, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>IPC-4.</summary>
    public Hl7EntityIdentifier? ScheduledProcedureStepId
    {
        get => GetFirst(4, Hl7EntityIdentifier.Read);
        set => SetFirst(4, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>IPC-5 (DICOM modality, such as CT).</summary>
    public Hl7CodedElement? Modality
    {
        get => GetFirst(5, Hl7CodedElement.Read);
        set => SetFirst(5, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>IPC-6.</summary>
    public IReadOnlyList<Hl7CodedElement> ProtocolCodes
    {
        get => GetAll(6, Hl7CodedElement.Read);
        set => SetAll(6, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>IPC-7.</summary>
    public Hl7EntityIdentifier? ScheduledStationName
    {
        get => GetFirst(7, Hl7EntityIdentifier.Read);
        set => SetFirst(7, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>IPC-9, the scheduled station's AE title.</summary>
    public string ScheduledAeTitle
    {
        get => Get(9);
        set => Set(9, value);
    }
}
