using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>XCN: a person (doctor, operator) with an id, name parts and the id's assigning authority.</summary>
public sealed record Hl7Provider(string Id, string FamilyName = "", string GivenName = "")
{
    public string MiddleName { get; init; } = string.Empty;

    public string Suffix { get; init; } = string.Empty;

    public string Prefix { get; init; } = string.Empty;

    public string Degree { get; init; } = string.Empty;

    public Hl7HierarchicDesignator? AssigningAuthority { get; init; }

    public static Hl7Provider Read(Hl7Composite parts)
    {
        var authority = Hl7HierarchicDesignator.Read(parts.Nested(9));
        return new Hl7Provider(parts[1], parts[2], parts[3])
        {
            MiddleName = parts[4],
            Suffix = parts[5],
            Prefix = parts[6],
            Degree = parts[7],
            AssigningAuthority = authority.IsEmpty ? null : authority,
        };
    }

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        var builder = new Er7CompositeBuilder(delimiters, level);
        return builder.Add(Id).Add(FamilyName).Add(GivenName).Add(MiddleName).Add(Suffix).Add(Prefix).Add(Degree)
            .Add(null).AddRaw(AssigningAuthority?.ToEr7(delimiters, builder.NestedLevel)).Build();
    }
}
