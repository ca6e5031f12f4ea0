namespace CloudRisPacs.Hl7.Er7;

/// <summary>Which separator splits a composite's parts.</summary>
public enum Hl7CompositeLevel
{
    /// <summary>Parts are components (a data type in a field repetition).</summary>
    Components,

    /// <summary>Parts are subcomponents (a data type nested inside a component).</summary>
    Subcomponents,

    /// <summary>Nothing to split: the whole text is the first part.</summary>
    Leaf,
}

/// <summary>
/// The parts of a composite data type (CX, XPN, HD ...) wherever it sits: in a repetition its parts are components,
/// nested in a component they are subcomponents. Typed readers use this so one reader serves both places.
/// </summary>
public readonly struct Hl7Composite
{
    private readonly ReadOnlyMemory<char> raw;
    private readonly Hl7Delimiters delimiters;
    private readonly Hl7Charset? charset;
    private readonly Hl7CompositeLevel level;

    internal Hl7Composite(ReadOnlyMemory<char> raw, Hl7Delimiters delimiters, Hl7Charset? charset, Hl7CompositeLevel level)
    {
        this.raw = raw;
        this.delimiters = delimiters;
        this.charset = charset;
        this.level = level;
    }

    public bool IsEmpty => raw.IsEmpty;

    /// <summary>The unescaped text of the 1-based part (its first subcomponent at component level).</summary>
    public string this[int number] => Part(number) is var part && part.IsEmpty
        ? string.Empty
        : level == Hl7CompositeLevel.Components
            ? new Hl7Component(part, delimiters, charset).Value
            : Hl7Escaping.Unescape(part.Span, delimiters, charset);

    /// <summary>The 1-based part as a composite of its own (a data type nested inside this one).</summary>
    public Hl7Composite Nested(int number) => level == Hl7CompositeLevel.Components
        ? new Hl7Composite(Part(number), delimiters, charset, Hl7CompositeLevel.Subcomponents)
        : new Hl7Composite(Part(number), delimiters, charset, Hl7CompositeLevel.Leaf);

    private ReadOnlyMemory<char> Part(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return level switch
        {
            Hl7CompositeLevel.Components => Er7Text.Part(raw, delimiters.Component, number - 1),
            Hl7CompositeLevel.Subcomponents => Er7Text.Part(raw, delimiters.Subcomponent, number - 1),
            _ => number == 1 ? raw : ReadOnlyMemory<char>.Empty,
        };
    }
}
