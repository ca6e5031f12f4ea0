namespace CloudRisPacs.Edge.Diagnostics;

/// <summary>Makes any text fit a bus message property: no control characters, at most 4,096 characters.</summary>
internal static class PropertyText
{
    public static string Clean(string? text, int max = 4096)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "-";
        }

        var cleaned = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
        return cleaned.Length <= max ? cleaned : cleaned[..(max - 3)] + "...";
    }
}
