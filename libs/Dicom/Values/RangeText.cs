namespace CloudRisPacs.Dicom;

/// <summary>
/// The ends of a C-FIND range key "A-B", "-B" or "A-" (PS3.4 C.2.2.2.5) for DA, TM and DT. A DT end may carry a
/// negative UTC offset ("20240315100000-0500", PS3.5 table 6.2-1), whose '-' is not the separator, so every '-' is
/// tried in turn and the first that leaves a value or nothing on each side splits the key.
/// </summary>
internal static class RangeText
{
    /// <summary>The ends, trimmed and empty when open; false when no '-' separates two values or both ends are open.</summary>
    public static bool TrySplit(string text, Func<string, bool> isValue, out string lower, out string upper)
    {
        for (var dash = text.IndexOf('-', StringComparison.Ordinal); dash >= 0; dash = text.IndexOf('-', dash + 1))
        {
            lower = text[..dash].Trim();
            upper = text[(dash + 1)..].Trim();
            if ((lower.Length > 0 || upper.Length > 0) && (lower.Length == 0 || isValue(lower)) && (upper.Length == 0 || isValue(upper)))
            {
                return true;
            }
        }

        lower = string.Empty;
        upper = string.Empty;
        return false;
    }
}
