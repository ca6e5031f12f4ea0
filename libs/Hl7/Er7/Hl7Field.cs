namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// A read-only view of one field over the message text: repetitions, components and subcomponents are split only
/// when asked for. <see cref="Raw"/> is the field as written (escaped); <see cref="Value"/> is the unescaped first
/// component of the first repetition, which is what a simple (non-composite) field means.
/// </summary>
public readonly struct Hl7Field
{
    private readonly Hl7Delimiters? delimiters;
    private readonly Hl7Charset? charset;
    private readonly bool literal;

    internal Hl7Field(ReadOnlyMemory<char> raw, Hl7Delimiters delimiters, Hl7Charset charset, bool literal = false)
    {
        Raw = raw;
        this.delimiters = delimiters;
        this.charset = charset;
        this.literal = literal;
    }

    /// <summary>The field exactly as written, escapes included.</summary>
    public ReadOnlyMemory<char> Raw { get; }

    /// <summary>The field exactly as written, as a string.</summary>
    public string RawText => Raw.ToString();

    /// <summary>True when the field is absent or empty.</summary>
    public bool IsEmpty => Raw.IsEmpty;

    /// <summary>True for HL7's explicit null <c>""</c> ("delete this value" on the receiver).</summary>
    public bool IsNull => Raw.Span is "\"\"";

    /// <summary>Number of repetitions (0 for an empty field).</summary>
    public int RepetitionCount => literal ? (Raw.IsEmpty ? 0 : 1) : Er7Text.Count(Raw.Span, Delimiters.Repetition);

    /// <summary>The unescaped first component of the first repetition.</summary>
    public string Value => literal ? Raw.ToString() : GetRepetition(1).Value;

    private Hl7Delimiters Delimiters => delimiters ?? Hl7Delimiters.Standard;

    /// <summary>The 1-based repetition; an empty one when it does not exist.</summary>
    public Hl7Repetition GetRepetition(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (literal)
        {
            return new Hl7Repetition(number == 1 ? Raw : ReadOnlyMemory<char>.Empty, Delimiters, charset, literal: true);
        }

        return new Hl7Repetition(Er7Text.Part(Raw, Delimiters.Repetition, number - 1), Delimiters, charset);
    }

    /// <summary>All repetitions in order.</summary>
    public IEnumerable<Hl7Repetition> Repetitions
    {
        get
        {
            var count = RepetitionCount;
            for (var i = 1; i <= count; i++)
            {
                yield return GetRepetition(i);
            }
        }
    }

    /// <summary>The 1-based component of the first repetition.</summary>
    public Hl7Component GetComponent(int number) => GetRepetition(1).GetComponent(number);

    public override string ToString() => RawText;
}
