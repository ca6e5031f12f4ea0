using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>HD: namespace id, universal id and its type (an assigning authority, application or facility).</summary>
public sealed record Hl7HierarchicDesignator(string NamespaceId = "", string UniversalId = "", string UniversalIdType = "")
{
    public bool IsEmpty => NamespaceId.Length == 0 && UniversalId.Length == 0 && UniversalIdType.Length == 0;

    public static Hl7HierarchicDesignator Read(Hl7Composite parts) => new(parts[1], parts[2], parts[3]);

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return new Er7CompositeBuilder(delimiters, level).Add(NamespaceId).Add(UniversalId).Add(UniversalIdType).Build();
    }
}
