using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>CX: an identifier with its assigning authority and identifier type (such as a patient id: MR, PI, AN).</summary>
public sealed record Hl7ExtendedId(string Id, Hl7HierarchicDesignator? AssigningAuthority = null, string IdentifierTypeCode = "")
{
    public string CheckDigit { get; init; } = string.Empty;

    public string CheckDigitScheme { get; init; } = string.Empty;

    public Hl7HierarchicDesignator? AssigningFacility { get; init; }

    public static Hl7ExtendedId Read(Hl7Composite parts)
    {
        var authority = Hl7HierarchicDesignator.Read(parts.Nested(4));
        var facility = Hl7HierarchicDesignator.Read(parts.Nested(6));
        return new Hl7ExtendedId(parts[1], authority.IsEmpty ? null : authority, parts[5])
        {
            CheckDigit = parts[2],
            CheckDigitScheme = parts[3],
            AssigningFacility = facility.IsEmpty ? null : facility,
        };
    }

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        var builder = new Er7CompositeBuilder(delimiters, level);
        return builder.Add(Id).Add(CheckDigit).Add(CheckDigitScheme)
            .AddRaw(AssigningAuthority?.ToEr7(delimiters, builder.NestedLevel))
            .Add(IdentifierTypeCode)
            .AddRaw(AssigningFacility?.ToEr7(delimiters, builder.NestedLevel))
            .Build();
    }
}
