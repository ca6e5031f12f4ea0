using System.Globalization;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>The HL7 v2 versions this library reads and writes (2.3 to 2.8) and version comparisons.</summary>
public static class Hl7Versions
{
    /// <summary>MSH-12 values accepted.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        ["2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2"];

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version);

    /// <summary>True when <paramref name="version"/> is at least major.minor (unparseable versions count as the newest).</summary>
    public static bool AtLeast(string? version, int major, int minor)
    {
        var parts = (version ?? string.Empty).Split('.');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var vMajor)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var vMinor))
        {
            return true;
        }

        return vMajor > major || (vMajor == major && vMinor >= minor);
    }
}
