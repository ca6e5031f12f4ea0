namespace CloudRisPacs.Hl7.Er7;

/// <summary>The smallest ER7 part; <see cref="Value"/> resolves its escapes.</summary>
public readonly struct Hl7Subcomponent
{
    private readonly Hl7Delimiters? delimitersOrNull;
    private readonly Hl7Charset? charset;

    internal Hl7Subcomponent(ReadOnlyMemory<char> raw, Hl7Delimiters delimiters, Hl7Charset? charset)
    {
        Raw = raw;
        delimitersOrNull = delimiters;
        this.charset = charset;
    }

    public ReadOnlyMemory<char> Raw { get; }

    // A default-constructed view has no delimiters; it is empty, so the standard ones serve.
    private Hl7Delimiters delimiters => delimitersOrNull ?? Hl7Delimiters.Standard;

    public bool IsEmpty => Raw.IsEmpty;

    /// <summary>The value with delimiter and hex escapes resolved; formatting commands are kept as written.</summary>
    public string Value => Raw.IsEmpty ? string.Empty : Hl7Escaping.Unescape(Raw.Span, delimiters, charset);

    public override string ToString() => Raw.ToString();
}
