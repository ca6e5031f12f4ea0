namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>Application Entity titles (PS3.5 AE, PS3.8 section 9.3.2): 1 to 16 characters of the default repertoire, no backslash or control characters, not all spaces.</summary>
public static class DicomAeTitle
{
    public const int MaxLength = 16;

    /// <summary>Whether a title may be sent: after trimming spaces, 1 to 16 characters without backslash or control characters.</summary>
    public static bool IsValid(string? title)
    {
        if (title is null)
        {
            return false;
        }

        var trimmed = title.Trim(' ');
        return trimmed.Length is > 0 and <= MaxLength && trimmed.All(c => c is >= ' ' and <= '~' && c != '\\');
    }

    /// <summary>The title without its insignificant leading and trailing spaces; throws <see cref="ArgumentException"/> when invalid.</summary>
    public static string Normalize(string title, string parameterName)
    {
        if (!IsValid(title))
        {
            throw new ArgumentException(
                $"'{title}' is not a valid AE title: 1 to 16 characters of the default repertoire, no backslash or control characters, not all spaces.",
                parameterName);
        }

        return title.Trim(' ');
    }
}
