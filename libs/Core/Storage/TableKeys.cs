using System.Globalization;
using System.Text;

namespace CloudRisPacs.Core.Storage;

/// <summary>
/// Azure Table key rules: at most 1,024 characters; no <c>/ \ # ?</c> and no control characters (U+0000–U+001F,
/// U+007F–U+009F). Azurite accepts some keys Azure refuses, so the stores check them here. <see cref="Escape"/> turns
/// any text (a patient id, an accession number) into a valid key, injectively and reversibly.
/// </summary>
public static class TableKeys
{
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="key"/> is not a valid partition or row key, or null when it is.</summary>
    public static string? FindProblem(string? key, string name = "key")
    {
        if (key is null)
        {
            return $"The {name} is required.";
        }

        if (key.Length > MaxLength)
        {
            return $"The {name} has {key.Length} characters; at most {MaxLength} are allowed.";
        }

        foreach (var c in key)
        {
            if (IsForbidden(c))
            {
                return $"The {name} '{Printable(key)}' contains the character U+{(int)c:X4}, which table keys may not contain (/ \\ # ? and control characters).";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="key"/> is not a valid key.</summary>
    public static void Validate(string? key, string name = "key")
    {
        if (FindProblem(key, name) is { } problem)
        {
            throw new ArgumentException(problem, name);
        }
    }

    /// <summary>Makes any text a valid key: forbidden characters and <c>%</c> become <c>%XX</c>.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => c == '%' || IsForbidden(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '%' || IsForbidden(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>.</summary>
    public static string Unescape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '%' && i + 2 < key.Length
                && int.TryParse(key.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 2;
            }
            else
            {
                builder.Append(key[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The smallest key greater than every key that starts with <paramref name="prefix"/>, for range queries
    /// (<c>RowKey ge prefix and RowKey lt bound</c>); null when no such bound exists (the prefix is all U+FFFF).
    /// </summary>
    public static string? PrefixUpperBound(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var chars = prefix.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != char.MaxValue)
            {
                chars[i]++;
                return new string(chars, 0, i + 1);
            }
        }

        return null;
    }

    private static bool IsForbidden(char c) =>
        c is '/' or '\\' or '#' or '?' || c <= '\u001f' || (c >= '\u007f' && c <= '\u009f');

    private static string Printable(string key) =>
        new(key.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
