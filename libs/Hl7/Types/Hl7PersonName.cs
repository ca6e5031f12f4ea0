using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>XPN: family name (its surname part), given name, further given names, suffix, prefix, degree, name type.</summary>
public sealed record Hl7PersonName(string FamilyName, string GivenName = "", string MiddleName = "")
{
    public string Suffix { get; init; } = string.Empty;

    public string Prefix { get; init; } = string.Empty;

    public string Degree { get; init; } = string.Empty;

    /// <summary>HL7 table 0200 (L legal, D display, M maiden ...).</summary>
    public string NameTypeCode { get; init; } = string.Empty;

    public static Hl7PersonName Read(Hl7Composite parts) => new(parts[1], parts[2], parts[3])
    {
        Suffix = parts[4],
        Prefix = parts[5],
        Degree = parts[6],
        NameTypeCode = parts[7],
    };

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return new Er7CompositeBuilder(delimiters, level)
            .Add(FamilyName).Add(GivenName).Add(MiddleName).Add(Suffix).Add(Prefix).Add(Degree).Add(NameTypeCode).Build();
    }
}
