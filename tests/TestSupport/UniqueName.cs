using System.Globalization;
using System.Threading;

namespace CloudRisPacs.TestSupport;

/// <summary>
/// Storage resource names unique to one test, so test classes run in parallel against one Azurite.
/// Table names are letters and digits; container and queue names are lower case with hyphens.
/// </summary>
public static class UniqueName
{
    private static int counter;

    public static string Table(string prefix) => Make(prefix, separator: string.Empty);

    public static string Container(string prefix) => Make(prefix, separator: "-");

    public static string Queue(string prefix) => Make(prefix, separator: "-");

    private static string Make(string prefix, string separator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var clean = new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0]))
        {
            clean = "t" + clean;
        }

        var sequence = Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture);
        var random = Guid.NewGuid().ToString("N")[..12];
        var name = string.Join(separator, clean[..Math.Min(clean.Length, 30)], random, sequence);
        return name.Length <= 63 ? name : name[..63];
    }
}
