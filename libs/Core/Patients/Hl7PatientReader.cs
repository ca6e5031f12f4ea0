using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Patients;

/// <summary>Reads patient identity and demographics from PID (and MRG) into DICOM form.</summary>
public static class Hl7PatientReader
{
    /// <summary>
    /// The patient id: the PID-3 repetition whose assigning authority (namespace or universal id) is
    /// <paramref name="authority"/>, or the first one when no authority is configured. Null when there is none.
    /// </summary>
    public static PatientIdentity? Identity(IReadOnlyList<Hl7ExtendedId> identifiers, string? authority)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var chosen = string.IsNullOrEmpty(authority)
            ? identifiers.FirstOrDefault(i => i.Id.Trim().Length > 0)
            : identifiers.FirstOrDefault(i => i.Id.Trim().Length > 0 && AuthorityMatches(i.AssigningAuthority, authority));
        return chosen is null ? null : new PatientIdentity(chosen.Id.Trim(), IssuerOf(chosen));
    }

    public static PatientDemographics Demographics(PidSegment pid)
    {
        ArgumentNullException.ThrowIfNull(pid);
        // HL7 v2.5 2.5.3: "" deletes the receiver's value (empty here), an empty field leaves it as it is (null).
        return new PatientDemographics(
            PersonName(pid.PatientName),
            pid.Segment.GetField(7).IsNull ? string.Empty
                : pid.DateOfBirth is { } dob ? dob.LocalValue.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) : null,
            pid.Segment.GetField(8).IsNull ? string.Empty : Sex(pid.AdministrativeSex));
    }

    /// <summary>XPN → PN: <c>Family^Given^Middle^Prefix^Suffix</c> without trailing empty components.</summary>
    public static string PersonName(Hl7PersonName? name) =>
        name is null ? string.Empty : Pn(name.FamilyName, name.GivenName, name.MiddleName, name.Prefix, name.Suffix);

    /// <summary>XCN → PN.</summary>
    public static string PersonName(Hl7Provider? provider) =>
        provider is null ? string.Empty : Pn(provider.FamilyName, provider.GivenName, provider.MiddleName, provider.Prefix, provider.Suffix);

    /// <summary>
    /// HL7 table 0001 → DICOM (0010,0040): M, F, O. U (unknown) is a value the RIS sends, but DICOM has no code for it:
    /// empty, which replaces a wrong sex. An empty field or a code not in the table is left out (null).
    /// </summary>
    public static string? Sex(string hl7) => hl7.Trim().ToUpperInvariant() switch
    {
        "M" => "M",
        "F" => "F",
        "O" or "A" or "N" => "O",
        "U" => string.Empty,
        _ => null,
    };

    private static string IssuerOf(Hl7ExtendedId id)
    {
        var authority = id.AssigningAuthority;
        if (authority is null || authority.IsEmpty)
        {
            return string.Empty;
        }

        return authority.NamespaceId.Length > 0 ? authority.NamespaceId : authority.UniversalId;
    }

    private static bool AuthorityMatches(Hl7HierarchicDesignator? authority, string wanted) =>
        authority is not null
        && (string.Equals(authority.NamespaceId, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(authority.UniversalId, wanted, StringComparison.OrdinalIgnoreCase));

    private static string Pn(params string[] parts)
    {
        var cleaned = parts.Select(p => p.Trim().Replace("^", " ", StringComparison.Ordinal).Replace("\\", " ", StringComparison.Ordinal)).ToArray();
        return string.Join('^', cleaned).TrimEnd('^');
    }
}
