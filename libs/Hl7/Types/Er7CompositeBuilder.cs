using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>Builds a composite value's ER7 text: plain parts are escaped, nested parts go in raw; trailing empties dropped.</summary>
internal sealed class Er7CompositeBuilder
{
    private readonly Hl7Delimiters delimiters;
    private readonly Hl7CompositeLevel level;
    private readonly List<string?> parts = new(8);

    public Er7CompositeBuilder(Hl7Delimiters delimiters, Hl7CompositeLevel level)
    {
        this.delimiters = delimiters;
        this.level = level;
    }

    /// <summary>The level a data type nested in this one is written at.</summary>
    public Hl7CompositeLevel NestedLevel => level == Hl7CompositeLevel.Components ? Hl7CompositeLevel.Subcomponents : Hl7CompositeLevel.Leaf;

    public Er7CompositeBuilder Add(string? plain)
    {
        parts.Add(string.IsNullOrEmpty(plain) ? null : Hl7Escaping.Escape(plain, delimiters));
        return this;
    }

    public Er7CompositeBuilder AddRaw(string? raw)
    {
        parts.Add(raw);
        return this;
    }

    public string Build()
    {
        return level switch
        {
            Hl7CompositeLevel.Components => Er7Text.JoinTrimmed(delimiters.Component, parts.ToArray()),
            Hl7CompositeLevel.Subcomponents => Er7Text.JoinTrimmed(delimiters.Subcomponent, parts.ToArray()),
            // A leaf cannot hold parts: only the first survives (as HL7 truncates deeper nesting).
            _ => parts.Count > 0 ? parts[0] ?? string.Empty : string.Empty,
        };
    }
}
