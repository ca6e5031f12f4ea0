namespace CloudRisPacs.Hl7.Er7;

/// <summary>One repetition of a field: a view that splits into components on demand.</summary>
public readonly struct Hl7Repetition
{
    private readonly Hl7Delimiters? delimitersOrNull;
    private readonly Hl7Charset? charset;
    private readonly bool literal;

    internal Hl7Repetition(ReadOnlyMemory<char> raw, Hl7Delimiters delimiters, Hl7Charset? charset, bool literal = false)
    {
        Raw = raw;
        delimitersOrNull = delimiters;
        this.charset = charset;
        this.literal = literal;
    }

    public ReadOnlyMemory<char> Raw { get; }

    // A default-constructed view has no delimiters; it is empty, so the standard ones serve.
    private Hl7Delimiters delimiters => delimitersOrNull ?? Hl7Delimiters.Standard;

    public bool IsEmpty => Raw.IsEmpty;

    public int ComponentCount => literal ? (Raw.IsEmpty ? 0 : 1) : Er7Text.Count(Raw.Span, delimiters.Component);

    /// <summary>The unescaped first component.</summary>
    public string Value => literal ? Raw.ToString() : GetComponent(1).Value;

    /// <summary>The 1-based component; an empty one when it does not exist.</summary>
    public Hl7Component GetComponent(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (literal)
        {
            return new Hl7Component(number == 1 ? Raw : ReadOnlyMemory<char>.Empty, delimiters, charset, literal: true);
        }

        return new Hl7Component(Er7Text.Part(Raw, delimiters.Component, number - 1), delimiters, charset);
    }

    public IEnumerable<Hl7Component> Components
    {
        get
        {
            var count = ComponentCount;
            for (var i = 1; i <= count; i++)
            {
                yield return GetComponent(i);
            }
        }
    }

    /// <summary>The components as a composite, for typed data types.</summary>
    public Hl7Composite AsComposite() => new(Raw, delimiters, charset, literal ? Hl7CompositeLevel.Leaf : Hl7CompositeLevel.Components);

    public override string ToString() => Raw.ToString();
}
