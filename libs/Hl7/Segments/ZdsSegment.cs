using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>
/// ZDS, IHE Radiology's study instance UID segment: ZDS-1 is an RP (<c>uid^application^type^subtype</c>), written by
/// IHE as <c>1.2.3...^100^Application^DICOM</c>.
/// </summary>
public sealed class ZdsSegment(Hl7Segment segment) : Hl7SegmentView(segment, "ZDS")
{
    /// <summary>ZDS-1.1, the DICOM Study Instance UID.</summary>
    public string StudyInstanceUid
    {
        get => Get(1, 1);
        set => SetComponent(1, 1, value);
    }

    /// <summary>ZDS-1.2, the application id (HD namespace).</summary>
    public string ApplicationId
    {
        get => Get(1, 2);
        set => SetComponent(1, 2, value);
    }

    /// <summary>ZDS-1.3, type of data (IHE: Application).</summary>
    public string TypeOfData
    {
        get => Get(1, 3);
        set => SetComponent(1, 3, value);
    }

    /// <summary>ZDS-1.4, subtype (IHE: DICOM).</summary>
    public string Subtype
    {
        get => Get(1, 4);
        set => SetComponent(1, 4, value);
    }

    /// <summary>Writes ZDS-1 the way IHE's example does: <c>uid^100^Application^DICOM</c>.</summary>
    public void SetStudyInstanceUid(string uid, string applicationId = "100")
    {
        StudyInstanceUid = uid;
        ApplicationId = applicationId;
        TypeOfData = "Application";
        Subtype = "DICOM";
    }
}
