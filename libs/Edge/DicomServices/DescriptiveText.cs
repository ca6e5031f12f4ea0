namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// Makes a descriptive value (a description, a station name, a code meaning, a person name) fit its VR instead of losing
/// it: a backslash would split it into several values and becomes '/', control characters become spaces, and text over
/// the VR's length is cut on a character boundary (never between the halves of a surrogate pair). Person names are cut
/// per component group, each of which PN limits to 64 characters.
/// </summary>
internal static class DescriptiveText
{
    public static string Fit(string value, int maxLength)
    {
        var text = string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c == '\\' ? '/' : c < ' ' && c != '\u001b' ? ' ' : c;
            }
        });
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = char.IsLowSurrogate(text[maxLength]) ? maxLength - 1 : maxLength;
        return text[..cut].TrimEnd();
    }

    /// <summary>A person name with every component group fitted to <paramref name="groupLength"/>; groups beyond the third are dropped.</summary>
    public static string FitName(string value, int groupLength) =>
        string.Join('=', value.Split('=').Take(3).Select(group => Fit(group, groupLength)));
}
