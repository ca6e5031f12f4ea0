using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>PID, patient identification.</summary>
public sealed class PidSegment(Hl7Segment segment) : Hl7SegmentView(segment, "PID")
{
    /// <summary>PID-1.</summary>
    public string SetId
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>PID-2 (external patient id; deprecated in favour of PID-3).</summary>
    public Hl7ExtendedId? ExternalPatientId
    {
        get => GetFirst(2, Hl7ExtendedId.Read);
        set => SetFirst(2, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-3, every identifier of the patient with its assigning authority and type.</summary>
    public IReadOnlyList<Hl7ExtendedId> PatientIdentifiers
    {
        get => GetAll(3, Hl7ExtendedId.Read);
        set => SetAll(3, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-4.</summary>
    public IReadOnlyList<Hl7ExtendedId> AlternatePatientIds
    {
        get => GetAll(4, Hl7ExtendedId.Read);
        set => SetAll(4, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-5, all names (legal, display, alias ...).</summary>
    public IReadOnlyList<Hl7PersonName> PatientNames
    {
        get => GetAll(5, Hl7PersonName.Read);
        set => SetAll(5, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>The first PID-5 name.</summary>
    public Hl7PersonName? PatientName => GetFirst(5, Hl7PersonName.Read);

    /// <summary>PID-6.</summary>
    public IReadOnlyList<Hl7PersonName> MothersMaidenNames
    {
        get => GetAll(6, Hl7PersonName.Read);
        set => SetAll(6, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-7, with the precision it was sent in (often a day).</summary>
    public Hl7DateTime? DateOfBirth
    {
        get => GetDateTime(7);
        set => SetDateTime(7, value);
    }

    /// <summary>PID-8 (table 0001: F, M, O, U, A, N).</summary>
    public string AdministrativeSex
    {
        get => Get(8);
        set => Set(8, value);
    }

    /// <summary>PID-10.</summary>
    public IReadOnlyList<Hl7CodedElement> Races
    {
        get => GetAll(10, Hl7CodedElement.Read);
        set => SetAll(10, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-11.</summary>
    public IReadOnlyList<Hl7Address> Addresses
    {
        get => GetAll(11, Hl7Address.Read);
        set => SetAll(11, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-13.</summary>
    public IReadOnlyList<Hl7Phone> HomePhones
    {
        get => GetAll(13, Hl7Phone.Read);
        set => SetAll(13, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-14.</summary>
    public IReadOnlyList<Hl7Phone> BusinessPhones
    {
        get => GetAll(14, Hl7Phone.Read);
        set => SetAll(14, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-15.</summary>
    public Hl7CodedElement? PrimaryLanguage
    {
        get => GetFirst(15, Hl7CodedElement.Read);
        set => SetFirst(15, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-16.</summary>
    public Hl7CodedElement? MaritalStatus
    {
        get => GetFirst(16, Hl7CodedElement.Read);
        set => SetFirst(16, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-18.</summary>
    public Hl7ExtendedId? PatientAccountNumber
    {
        get => GetFirst(18, Hl7ExtendedId.Read);
        set => SetFirst(18, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>PID-29.</summary>
    public Hl7DateTime? DeathDateTime
    {
        get => GetDateTime(29);
        set => SetDateTime(29, value);
    }

    /// <summary>PID-30 (Y/N).</summary>
    public string DeathIndicator
    {
        get => Get(30);
        set => Set(30, value);
    }

    /// <summary>The first PID-3 identifier of the given type (such as MR) and, when given, assigning authority namespace.</summary>
    public Hl7ExtendedId? FindIdentifier(string identifierTypeCode, string? assigningAuthority = null) =>
        PatientIdentifiers.FirstOrDefault(id =>
            string.Equals(id.IdentifierTypeCode, identifierTypeCode, StringComparison.OrdinalIgnoreCase)
            && (assigningAuthority is null || string.Equals(id.AssigningAuthority?.NamespaceId, assigningAuthority, StringComparison.Ordinal)));
}
