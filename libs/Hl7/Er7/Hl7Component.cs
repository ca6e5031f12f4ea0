namespace CloudRisPacs.Hl7.Er7;

/// <summary>One component: a view that splits into subcomponents on demand.</summary>
public readonly struct Hl7Component
{
    private readonly Hl7Delimiters? delimitersOrNull;
    private readonly Hl7Charset? charset;
    private readonly bool literal;

    internal Hl7Component(ReadOnlyMemory<char> raw, Hl7Delimiters delimiters, Hl7Charset? charset, bool literal = false)
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

    public int SubcomponentCount => literal ? (Raw.IsEmpty ? 0 : 1) : Er7Text.Count(Raw.Span, delimiters.Subcomponent);

    /// <summary>The unescaped first subcomponent.</summary>
    public string Value => literal ? Raw.ToString() : GetSubcomponent(1).Value;

    /// <summary>The 1-based subcomponent; an empty one when it does not exist.</summary>
    public Hl7Subcomponent GetSubcomponent(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (literal)
        {
            return new Hl7Subcomponent(number == 1 ? Raw : ReadOnlyMemory<char>.Empty, delimiters, charset);
        }

        return new Hl7Subcomponent(Er7Text.Part(Raw, delimiters.Subcomponent, number - 1), delimiters, charset);
    }

    public IEnumerable<Hl7Subcomponent> Subcomponents
    {
        get
        {
            var count = SubcomponentCount;
            for (var i = 1; i <= count; i++)
            {
                yield return GetSubcomponent(i);
            }
        }
    }

    /// <summary>The subcomponents as a composite, for data types nested in a component (such as HD inside CX).</summary>
    public Hl7Composite AsComposite() => new(Raw, delimiters, charset, literal ? Hl7CompositeLevel.Leaf : Hl7CompositeLevel.Subcomponents);

    public override string ToString() => Raw.ToString();
}
