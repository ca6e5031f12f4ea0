using System.Text;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// Splitting and rebuilding of delimited ER7 text without allocating: the nth part of a span, the count of parts,
/// and replacing one part (padding with separators when the part does not exist yet).
/// </summary>
internal static class Er7Text
{
    /// <summary>Parts in <paramref name="text"/> separated by <paramref name="separator"/>; an empty text has none.</summary>
    public static int Count(ReadOnlySpan<char> text, char separator) => text.IsEmpty ? 0 : text.Count(separator) + 1;

    /// <summary>The start and length of the 0-based <paramref name="index"/>th part; (end, 0) when there is none.</summary>
    public static (int Start, int Length) Part(ReadOnlySpan<char> text, char separator, int index)
    {
        var start = 0;
        for (var i = 0; i < index; i++)
        {
            var next = text[start..].IndexOf(separator);
            if (next < 0)
            {
                return (text.Length, 0);
            }

            start += next + 1;
        }

        var length = text[start..].IndexOf(separator);
        return (start, length < 0 ? text.Length - start : length);
    }

    public static ReadOnlyMemory<char> Part(ReadOnlyMemory<char> text, char separator, int index)
    {
        var (start, length) = Part(text.Span, separator, index);
        return text.Slice(start, length);
    }

    /// <summary>Replaces the 0-based <paramref name="index"/>th part, adding empty parts first when needed.</summary>
    public static string Replace(ReadOnlySpan<char> text, char separator, int index, ReadOnlySpan<char> replacement)
    {
        var count = Math.Max(Count(text, separator), text.IsEmpty ? 0 : 1);
        var builder = new StringBuilder(text.Length + replacement.Length + Math.Max(0, index - count + 1));
        if (index >= count)
        {
            builder.Append(text);
            builder.Append(separator, index - count + (count == 0 ? 0 : 1));
            builder.Append(replacement);
            return builder.ToString();
        }

        var (start, length) = Part(text, separator, index);
        builder.Append(text[..start]).Append(replacement).Append(text[(start + length)..]);
        return builder.ToString();
    }

    /// <summary>Joins parts with a separator, leaving out trailing empty parts (canonical ER7).</summary>
    public static string JoinTrimmed(char separator, ReadOnlySpan<string?> parts)
    {
        var last = parts.Length - 1;
        while (last >= 0 && string.IsNullOrEmpty(parts[last]))
        {
            last--;
        }

        if (last < 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        for (var i = 0; i <= last; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            builder.Append(parts[i]);
        }

        return builder.ToString();
    }
}
