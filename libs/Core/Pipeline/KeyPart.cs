using System.Globalization;
using System.Text;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// Builds table keys from identifiers. Each part is escaped (table-forbidden characters and the separators
/// <c>| ~ ^ %</c> become <c>%XX</c>) so a composite key splits back unambiguously and any id fits.
/// </summary>
public static class KeyPart
{
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = TableKeys.Escape(text);
        if (escaped.AsSpan().IndexOfAny("|~^") < 0)
        {
            return escaped;
        }

        var builder = new StringBuilder(escaped.Length + 8);
        foreach (var c in escaped)
        {
            if (c is '|' or '~' or '^')
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

    public static string Decode(string key) => TableKeys.Unescape(key);
}
