using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>EI: an entity id (order number, accession) and the namespace/universal id of who assigned it.</summary>
public sealed record Hl7EntityIdentifier(string EntityId, string NamespaceId = "", string UniversalId = "", string UniversalIdType = "")
{
    public static Hl7EntityIdentifier Read(Hl7Composite parts) => new(parts[1], parts[2], parts[3], parts[4]);

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return new Er7CompositeBuilder(delimiters, level).Add(EntityId).Add(NamespaceId).Add(UniversalId).Add(UniversalIdType).Build();
    }
}
