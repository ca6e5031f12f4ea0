using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>CE/CWE: a code, its text and coding system, plus an alternate code triplet.</summary>
public sealed record Hl7CodedElement(string Identifier, string Text = "", string CodingSystem = "")
{
    public string AlternateIdentifier { get; init; } = string.Empty;

    public string AlternateText { get; init; } = string.Empty;

    public string AlternateCodingSystem { get; init; } = string.Empty;

    public static Hl7CodedElement Read(Hl7Composite parts) => new(parts[1], parts[2], parts[3])
    {
        AlternateIdentifier = parts[4],
        AlternateText = parts[5],
        AlternateCodingSystem = parts[6],
    };

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return new Er7CompositeBuilder(delimiters, level).Add(Identifier).Add(Text).Add(CodingSystem)
            .Add(AlternateIdentifier).Add(AlternateText).Add(AlternateCodingSystem).Build();
    }
}
