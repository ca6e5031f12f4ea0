namespace CloudRisPacs.Dicom;

/// <summary>
/// One component group of a person name (alphabetic, ideographic or phonetic): family name, given name, middle
/// name, prefix and suffix, separated by <c>^</c> in the encoded value (PS3.5 section 6.2.1).
/// </summary>
public sealed record DicomPersonNameGroup(
    string FamilyName = "",
    string GivenName = "",
    string MiddleName = "",
    string NamePrefix = "",
    string NameSuffix = "")
{
    public static DicomPersonNameGroup Empty { get; } = new();

    public bool IsEmpty => FamilyName.Length == 0 && GivenName.Length == 0 && MiddleName.Length == 0 && NamePrefix.Length == 0 && NameSuffix.Length == 0;

    /// <summary>The five components in order.</summary>
    public IReadOnlyList<string> Components => [FamilyName, GivenName, MiddleName, NamePrefix, NameSuffix];

    /// <summary>
    /// Parses one group; more than five components are tolerated by keeping the extra ones in the suffix.
    /// </summary>
    public static DicomPersonNameGroup Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Empty;
        }

        var parts = text.Split('^');
        string Part(int i) => i < parts.Length ? parts[i] : string.Empty;
        var suffix = parts.Length > 5 ? string.Join('^', parts[4..]) : Part(4);
        return new DicomPersonNameGroup(Part(0), Part(1), Part(2), Part(3), suffix);
    }

    /// <summary>The encoded group, without trailing empty components.</summary>
    public override string ToString()
    {
        string[] parts = [FamilyName, GivenName, MiddleName, NamePrefix, NameSuffix];
        var count = parts.Length;
        while (count > 0 && parts[count - 1].Length == 0)
        {
            count--;
        }

        return string.Join('^', parts, 0, count);
    }

    internal void Validate()
    {
        foreach (var component in Components)
        {
            if (component.AsSpan().IndexOfAny('^', '=', '\\') >= 0)
            {
                throw new ArgumentException($"A person name component may not contain '^', '=' or '\\': '{component}'.");
            }
        }
    }
}
