using System.Text;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// Canonical ER7 for one segment: trailing empty fields, repetitions, components and subcomponents left out.
/// A segment that is already canonical is copied as is, so canonical input is reproduced byte for byte.
/// </summary>
internal static class Er7Canonical
{
    public static void Append(StringBuilder output, ReadOnlySpan<char> segment, Hl7Delimiters d, bool isHeader)
    {
        // MSH-1 and MSH-2 are the delimiters themselves and are copied verbatim.
        var headerLength = isHeader ? HeaderLength(segment, d) : 0;
        if (IsCanonical(segment[headerLength..], d))
        {
            output.Append(segment);
            return;
        }

        var fields = Split(segment[headerLength..], d.Field);
        var kept = new List<string>(fields.Count);
        foreach (var field in fields)
        {
            kept.Add(TrimField(field, d));
        }

        output.Append(segment[..headerLength]);

        // For MSH the first part is empty (the separator after MSH-2 starts the rest), so it joins back unchanged.
        output.Append(Er7Text.JoinTrimmed(d.Field, kept.ToArray()));
    }

    private static int HeaderLength(ReadOnlySpan<char> segment, Hl7Delimiters d)
    {
        if (segment.Length <= 4)
        {
            return segment.Length;
        }

        var end = segment[4..].IndexOf(d.Field);
        return end < 0 ? segment.Length : end + 4;
    }

        /// <summary>Canonical unless a separator is last or followed by a coarser separator (a trailing empty part).</summary>
    private static bool IsCanonical(ReadOnlySpan<char> text, Hl7Delimiters d)
    {
        ReadOnlySpan<char> separators = [d.Field, d.Repetition, d.Component, d.Subcomponent];
        var i = 0;
        while (true)
        {
            // Jump from separator to separator (vectorized); only they can make a segment non-canonical.
            var found = text[i..].IndexOfAny(separators);
            if (found < 0)
            {
                return true;
            }

            i += found;
            if (i == text.Length - 1)
            {
                return false;
            }

            var next = Level(text[i + 1], d);
            if (next >= 0 && next < Level(text[i], d))
            {
                return false;
            }

            i++;
        }
    }

    private static int Level(char c, Hl7Delimiters d) =>
        c == d.Field ? 0 : c == d.Repetition ? 1 : c == d.Component ? 2 : c == d.Subcomponent ? 3 : -1;

    private static string TrimField(ReadOnlySpan<char> field, Hl7Delimiters d)
    {
        var repetitions = Split(field, d.Repetition);
        var kept = new string?[repetitions.Count];
        for (var r = 0; r < kept.Length; r++)
        {
            var components = Split(repetitions[r].AsSpan(), d.Component);
            var keptComponents = new string?[components.Count];
            for (var c = 0; c < keptComponents.Length; c++)
            {
                keptComponents[c] = Er7Text.JoinTrimmed(d.Subcomponent, Split(components[c].AsSpan(), d.Subcomponent).ToArray());
            }

            kept[r] = Er7Text.JoinTrimmed(d.Component, keptComponents);
        }

        return Er7Text.JoinTrimmed(d.Repetition, kept);
    }

    private static List<string> Split(ReadOnlySpan<char> text, char separator)
    {
        var parts = new List<string>();
        foreach (var range in text.Split(separator))
        {
            parts.Add(text[range].ToString());
        }

        return parts;
    }
}
