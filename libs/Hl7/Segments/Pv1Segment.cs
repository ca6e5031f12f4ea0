using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>PV1, patient visit.</summary>
public sealed class Pv1Segment(Hl7Segment segment) : Hl7SegmentView(segment, "PV1")
{
    /// <summary>PV1-1.</summary>
    public string SetId
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>PV1-2 (table 0004: I inpatient, O outpatient, E emergency ...).</summary>
    public string PatientClass
    {
        get => Get(2);
        set => Set(2, value);
    }

    /// <summary>PV1-3.1, point of care.</summary>
    public string PointOfCare
    {
        get => Get(3, 1);
        set => SetComponent(3, 1, value);
    }

    /// <summary>PV1-3.2.</summary>
    public string Room
    {
        get => Get(3, 2);
        set => SetComponent(3, 2, value);
    }

    /// <summary>PV1-3.3.</summary>
    public string Bed
    {
        get => Get(3, 3);
        set => SetComponent(3, 3, value);
    }

    /// <summary>PV1-3.4.1, facility namespace.</summary>
    public string Facility
    {
        get => Get(3, 4);
        set => SetComponent(3, 4, value);
    }

    /// <summary>PV1-4.</summary>
    public string AdmissionType
    {
        get => Get(4);
        set => Set(4, value);
    }

    /// <summary>PV1-7.</summary>
    public IReadOnlyList<Hl7Provider> AttendingDoctors
    {
        get => GetAll(7, Hl7Provider.Read);
        set => SetAll(7, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PV1-8.</summary>
    public IReadOnlyList<Hl7Provider> ReferringDoctors
    {
        get => GetAll(8, Hl7Provider.Read);
        set => SetAll(8, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PV1-9.</summary>
    public IReadOnlyList<Hl7Provider> ConsultingDoctors
    {
        get => GetAll(9, Hl7Provider.Read);
        set => SetAll(9, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PV1-10.</summary>
    public string HospitalService
    {
        get => Get(10);
        set => Set(10, value);
    }

    /// <summary>PV1-17.</summary>
    public IReadOnlyList<Hl7Provider> AdmittingDoctors
    {
        get => GetAll(17, Hl7Provider.Read);
        set => SetAll(17, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PV1-18.</summary>
    public string PatientType
    {
        get => Get(18);
        set => Set(18, value);
    }

    /// <summary>PV1-19.</summary>
    public Hl7ExtendedId? VisitNumber
    {
        get => GetFirst(19, Hl7ExtendedId.Read);
        set => SetFirst(19, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PV1-44.</summary>
    public Hl7DateTime? AdmitDateTime
    {
        get => GetDateTime(44);
        set => SetDateTime(44, value);
    }

    /// <summary>PV1-45.</summary>
    public Hl7DateTime? DischargeDateTime
    {
        get => GetDateTime(45);
        set => SetDateTime(45, value);
    }
}
