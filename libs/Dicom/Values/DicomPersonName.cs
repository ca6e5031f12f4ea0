namespace CloudRisPacs.Dicom;

/// <summary>
/// A person name (PN): up to three component groups, alphabetic, ideographic and phonetic, separated by <c>=</c>
/// (PS3.5 section 6.2.1.1), e.g. <c>Yamada^Tarou=山田^太郎=やまだ^たろう</c>.
/// </summary>
public sealed record DicomPersonName
{
    public DicomPersonName(DicomPersonNameGroup? alphabetic = null, DicomPersonNameGroup? ideographic = null, DicomPersonNameGroup? phonetic = null)
    {
        Alphabetic = alphabetic ?? DicomPersonNameGroup.Empty;
        Ideographic = ideographic ?? DicomPersonNameGroup.Empty;
        Phonetic = phonetic ?? DicomPersonNameGroup.Empty;
    }

    /// <summary>A name with only an alphabetic group.</summary>
    public DicomPersonName(string familyName, string givenName = "", string middleName = "", string namePrefix = "", string nameSuffix = "")
        : this(new DicomPersonNameGroup(familyName, givenName, middleName, namePrefix, nameSuffix))
    {
    }

    public DicomPersonNameGroup Alphabetic { get; }

    public DicomPersonNameGroup Ideographic { get; }

    public DicomPersonNameGroup Phonetic { get; }

    public string FamilyName => Alphabetic.FamilyName;

    public string GivenName => Alphabetic.GivenName;

    public bool IsEmpty => Alphabetic.IsEmpty && Ideographic.IsEmpty && Phonetic.IsEmpty;

    /// <summary>Parses one PN value (already decoded with the character set); never throws for any text.</summary>
    public static DicomPersonName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = text.Split('=');
        return new DicomPersonName(
            DicomPersonNameGroup.Parse(groups[0]),
            groups.Length > 1 ? DicomPersonNameGroup.Parse(groups[1]) : null,
            groups.Length > 2 ? DicomPersonNameGroup.Parse(string.Join('=', groups[2..])) : null);
    }

    /// <summary>The encoded value, without trailing empty groups.</summary>
    public override string ToString()
    {
        string[] groups = [Alphabetic.ToString(), Ideographic.ToString(), Phonetic.ToString()];
        var count = groups.Length;
        while (count > 0 && groups[count - 1].Length == 0)
        {
            count--;
        }

        return string.Join('=', groups, 0, count);
    }

    internal void Validate()
    {
        Alphabetic.Validate();
        Ideographic.Validate();
        Phonetic.Validate();
    }
}
