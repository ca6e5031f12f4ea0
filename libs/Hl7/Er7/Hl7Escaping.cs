using System.Globalization;
using System.Text;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// HL7 escape sequences. <see cref="Escape"/> makes any text safe inside a value; <see cref="Unescape"/> resolves the
/// delimiter escapes (<c>\F\ \S\ \T\ \R\ \E\ \P\</c>) and hex data (<c>\Xhh..\</c>) and keeps formatting commands
/// (<c>\.br\</c>, <c>\H\</c>, <c>\N\</c>, <c>\Z..\</c>, character-set escapes) verbatim, so nothing is lost;
/// <see cref="ToPlainText"/> renders formatted text (FT) for people.
/// </summary>
public static class Hl7Escaping
{
    /// <summary>
    /// Escapes delimiters and control characters so that <paramref name="value"/> reads back unchanged. Every C0 control
    /// but tab becomes hex data (<c>\X0D\</c>): line ends would end the segment, and a vertical tab (Word's line break)
    /// or a file separator would end the MLLP frame.
    /// </summary>
    public static string Escape(ReadOnlySpan<char> value, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        if (!NeedsEscaping(value, delimiters))
        {
            return value.ToString();
        }

        var builder = new StringBuilder(value.Length + 16);
        var esc = delimiters.Escape;
        foreach (var c in value)
        {
            var code = c == delimiters.Field ? "F"
                : c == delimiters.Component ? "S"
                : c == delimiters.Subcomponent ? "T"
                : c == delimiters.Repetition ? "R"
                : c == esc ? "E"
                : c == delimiters.Truncation ? "P"
                : IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"X{(int)c:X2}")
                : null;
            if (code is null)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(esc).Append(code).Append(esc);
            }
        }

        return builder.ToString();
    }

    /// <summary>Resolves escapes; hex data is decoded with <paramref name="charset"/> (default: UTF-8, else Latin-1).</summary>
    public static string Unescape(ReadOnlySpan<char> raw, Hl7Delimiters delimiters, Hl7Charset? charset = null)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        var esc = delimiters.Escape;
        var first = raw.IndexOf(esc);
        if (first < 0)
        {
            return raw.ToString();
        }

        var builder = new StringBuilder(raw.Length);
        builder.Append(raw[..first]);
        var i = first;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c != esc)
            {
                builder.Append(c);
                i++;
                continue;
            }

            var close = raw[(i + 1)..].IndexOf(esc);
            if (close < 0)
            {
                // An escape character without a closing one is kept as text (tolerant reading).
                builder.Append(raw[i..]);
                break;
            }

            var sequence = raw.Slice(i + 1, close);
            if (!TryResolve(sequence, delimiters, charset, builder))
            {
                builder.Append(raw.Slice(i, close + 2));
            }

            i += close + 2;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Formatted text for display: escapes resolved, <c>\.br\</c> and <c>\.sp\</c> as line breaks, highlighting
    /// (<c>\H\ \N\</c>) and other formatting commands dropped.
    /// </summary>
    public static string ToPlainText(ReadOnlySpan<char> raw, Hl7Delimiters delimiters, Hl7Charset? charset = null)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        var builder = new StringBuilder(raw.Length);
        var esc = delimiters.Escape;
        var i = 0;
        while (i < raw.Length)
        {
            var close = raw[i] == esc ? raw[(i + 1)..].IndexOf(esc) : -1;
            if (close < 0)
            {
                builder.Append(raw[i]);
                i++;
                continue;
            }

            var sequence = raw.Slice(i + 1, close);
            if (sequence is ".br" || sequence.StartsWith(".sp"))
            {
                builder.Append('\n');
            }
            else if (!IsFormatting(sequence))
            {
                builder.Append(Unescape(raw.Slice(i, close + 2), delimiters, charset));
            }

            i += close + 2;
        }

        return builder.ToString();
    }

    private static bool IsControl(char c) => c < ' ' && c != '\t';

    private static bool IsFormatting(ReadOnlySpan<char> sequence) =>
        sequence is "H" or "N" || (sequence.Length > 0 && sequence[0] is '.' or 'Z' or 'C' or 'M');

    private static bool NeedsEscaping(ReadOnlySpan<char> value, Hl7Delimiters d)
    {
        foreach (var c in value)
        {
            if (c == d.Field || c == d.Component || c == d.Subcomponent || c == d.Repetition || c == d.Escape
                || c == d.Truncation || IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryResolve(ReadOnlySpan<char> sequence, Hl7Delimiters d, Hl7Charset? charset, StringBuilder output)
    {
        switch (sequence)
        {
            case "F": output.Append(d.Field); return true;
            case "S": output.Append(d.Component); return true;
            case "T": output.Append(d.Subcomponent); return true;
            case "R": output.Append(d.Repetition); return true;
            case "E": output.Append(d.Escape); return true;
            case "P" when d.Truncation is { } t: output.Append(t); return true;
        }

        if (sequence.Length >= 3 && sequence[0] == 'X' && (sequence.Length - 1) % 2 == 0)
        {
            var bytes = new byte[(sequence.Length - 1) / 2];
            for (var b = 0; b < bytes.Length; b++)
            {
                if (!byte.TryParse(sequence.Slice(1 + (2 * b), 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[b]))
                {
                    return false;
                }
            }

            output.Append(DecodeHex(bytes, charset));
            return true;
        }

        return false;
    }

    private static string DecodeHex(byte[] bytes, Hl7Charset? charset)
    {
        if (charset is not null && charset != Hl7Charset.Default && charset != Hl7Charset.Ascii)
        {
            try
            {
                return charset.Decode(bytes);
            }
            catch (Hl7ParseException)
            {
                // Hex data that is not valid in the declared charset stays readable as Latin-1 rather than failing.
                return Encoding.Latin1.GetString(bytes);
            }
        }

        return Hl7Charset.Default.Decode(bytes);
    }
}
