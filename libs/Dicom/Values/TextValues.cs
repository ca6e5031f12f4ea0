using System.Text;

namespace CloudRisPacs.Dicom;

/// <summary>Decoding, splitting and trimming of text values by the rules of their VR (PS3.5 table 6.2-1).</summary>
internal static class TextValues
{
    /// <summary>Decodes the bytes: with the character set for SH, LO, ST, LT, UC, UT and PN, else as the default repertoire.</summary>
    public static string Decode(DicomVR vr, ReadOnlySpan<byte> bytes, DicomCharacterSet? characterSet) =>
        vr.IsCharacterSetDependent && characterSet is not null ? characterSet.Decode(bytes) : Encoding.Latin1.GetString(bytes);

    /// <summary>The whole value without trailing padding (spaces and NULs).</summary>
    public static string TrimTrailing(string text) => text.TrimEnd(' ', '\0');

    /// <summary>The values: split on backslashes for multi-valued VRs, each trimmed of insignificant spaces. Empty text has no values.</summary>
    public static string[] Split(DicomVR vr, string text)
    {
        if (text.Length == 0 || TrimTrailing(text).Length == 0 && !text.Contains('\\', StringComparison.Ordinal))
        {
            return [];
        }

        if (!vr.IsMultiValued)
        {
            return [TrimValue(vr, text)];
        }

        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = TrimValue(vr, parts[i]);
        }

        return parts;
    }

    public static string TrimValue(DicomVR vr, string value)
    {
        var trimmed = TrimTrailing(value);
        return vr.TrimsLeadingSpaces ? trimmed.TrimStart(' ') : trimmed;
    }
}
