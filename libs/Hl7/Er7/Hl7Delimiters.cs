namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// The message's delimiters as read from MSH-1 and MSH-2: field, component, repetition, escape, subcomponent and,
/// from v2.7, an optional truncation character. Never assumed: every message brings its own.
/// </summary>
public sealed class Hl7Delimiters : IEquatable<Hl7Delimiters>
{
    /// <summary>The conventional <c>|^~\&amp;</c>.</summary>
    public static Hl7Delimiters Standard { get; } = new('|', '^', '~', '\\', '&');

    public Hl7Delimiters(char field, char component, char repetition, char escape, char subcomponent, char? truncation = null)
    {
        Field = field;
        Component = component;
        Repetition = repetition;
        Escape = escape;
        Subcomponent = subcomponent;
        Truncation = truncation;
        var all = truncation is { } t
            ? new[] { field, component, repetition, escape, subcomponent, t }
            : new[] { field, component, repetition, escape, subcomponent };
        if (all.Distinct().Count() != all.Length)
        {
            throw new ArgumentException($"HL7 delimiters must be distinct: '{new string(all)}'.");
        }

        if (all.Any(c => c is '\r' or '\n' || char.IsAsciiLetterOrDigit(c) || char.IsWhiteSpace(c) || c > 0x7E || c < 0x21))
        {
            throw new ArgumentException(
                $"HL7 delimiters must be printable ASCII punctuation, not letters, digits, spaces or line ends: '{new string(all)}'.");
        }

        EncodingCharacters = truncation is { } tc
            ? new string([component, repetition, escape, subcomponent, tc])
            : new string([component, repetition, escape, subcomponent]);
    }

    public char Field { get; }

    public char Component { get; }

    public char Repetition { get; }

    public char Escape { get; }

    public char Subcomponent { get; }

    /// <summary>The v2.7+ truncation character (MSH-2.5), when the message declares one.</summary>
    public char? Truncation { get; }

    /// <summary>MSH-2 as written: component, repetition, escape, subcomponent[, truncation].</summary>
    public string EncodingCharacters { get; }

    /// <summary>True for the characters that separate parts below the field level.</summary>
    public bool IsInnerSeparator(char c) => c == Component || c == Repetition || c == Subcomponent;

    /// <summary>
    /// Reads MSH-1 and MSH-2 from the start of a header segment (<c>MSH|^~\&amp;|...</c>). Missing encoding characters
    /// take the conventional defaults (tolerant reading); conflicting ones are a parse error.
    /// </summary>
    public static Hl7Delimiters FromHeader(ReadOnlySpan<char> header)
    {
        var location = new Hl7Location("MSH", 1, 2);
        if (header.Length < 4)
        {
            throw new Hl7ParseException("The message header is too short to hold MSH-1 (the field separator).",
                Hl7ErrorCode.RequiredFieldMissing, new Hl7Location("MSH", 1, 1));
        }

        var field = header[3];
        var rest = header[4..];
        var end = rest.IndexOfAny(field, '\r', '\n');
        var encoding = end < 0 ? rest : rest[..end];
        if (encoding.Length > 5)
        {
            throw new Hl7ParseException(
                $"MSH-2 (encoding characters) has {encoding.Length} characters; at most 5 are defined.",
                Hl7ErrorCode.DataTypeError, location);
        }

        var component = encoding.Length > 0 ? encoding[0] : '^';
        var repetition = encoding.Length > 1 ? encoding[1] : '~';
        var escape = encoding.Length > 2 ? encoding[2] : '\\';
        var subcomponent = encoding.Length > 3 ? encoding[3] : '&';
        char? truncation = encoding.Length > 4 ? encoding[4] : null;
        try
        {
            return field == '|' && component == '^' && repetition == '~' && escape == '\\' && subcomponent == '&' && truncation is null
                ? Standard
                : new Hl7Delimiters(field, component, repetition, escape, subcomponent, truncation);
        }
        catch (ArgumentException ex)
        {
            throw new Hl7ParseException($"MSH-1/MSH-2 do not hold usable delimiters: {ex.Message}",
                Hl7ErrorCode.DataTypeError, location);
        }
    }

    public bool Equals(Hl7Delimiters? other) =>
        other is not null && Field == other.Field && EncodingCharacters == other.EncodingCharacters;

    public override bool Equals(object? obj) => Equals(obj as Hl7Delimiters);

    public override int GetHashCode() => HashCode.Combine(Field, EncodingCharacters);

    public override string ToString() => Field + EncodingCharacters;
}
