namespace CloudRisPacs.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>
    /// The whole text value (backslashes kept, trailing padding removed), decoded with <see cref="CharacterSet"/>;
    /// null when absent. Throws <see cref="DicomValueException"/> when the entry holds no text.
    /// </summary>
    public string? GetString(DicomTag tag) => TextElement(tag)?.GetText(CharacterSet);

    /// <summary>The text values (split on backslashes, insignificant spaces trimmed); empty when absent or empty.</summary>
    public IReadOnlyList<string> GetStrings(DicomTag tag) => TextElement(tag)?.GetStrings(CharacterSet) ?? [];

    /// <summary>One text value, or null when absent or when there are not that many values.</summary>
    public string? GetString(DicomTag tag, int index)
    {
        var values = GetStrings(tag);
        return index >= 0 && index < values.Count ? values[index] : null;
    }

    /// <summary>Sets a text element with the dictionary VR (see <see cref="ResolveVR"/>).</summary>
    public DicomDataset SetString(DicomTag tag, string value) => SetStrings(tag, ResolveVR(tag), value);

    public DicomDataset SetString(DicomTag tag, DicomVR vr, string value) => SetStrings(tag, vr, value);

    /// <summary>Sets a multi-valued text element with the dictionary VR.</summary>
    public DicomDataset SetStrings(DicomTag tag, params string[] values) => SetStrings(tag, ResolveVR(tag), values);

    /// <summary>
    /// Sets a text element: values are validated for the VR and encoded with <see cref="CharacterSet"/>; throws
    /// <see cref="ArgumentException"/> for a value the VR or the character set does not allow.
    /// </summary>
    public DicomDataset SetStrings(DicomTag tag, DicomVR vr, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (tag == DicomTag.SpecificCharacterSet)
        {
            // Strict: an unknown term is refused here rather than silently falling back when read.
            _ = DicomCharacterSet.FromTerms(values);
        }

        Set(DicomElement.FromStrings(tag, vr, values, CharacterSet));
        return this;
    }

    /// <summary>Sets an element with an empty value (a C-FIND return key, a type 2 attribute).</summary>
    public DicomDataset SetEmpty(DicomTag tag) => SetEmpty(tag, ResolveVR(tag));

    public DicomDataset SetEmpty(DicomTag tag, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Set(vr == DicomVR.SQ ? new DicomSequence(tag) : new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty));
        return this;
    }

    /// <summary>One person name, or null when absent or when there are not that many values.</summary>
    public DicomPersonName? GetPersonName(DicomTag tag, int index = 0) =>
        GetString(tag, index) is { } text ? DicomPersonName.Parse(text) : null;

    public IReadOnlyList<DicomPersonName> GetPersonNames(DicomTag tag) =>
        GetStrings(tag).Select(DicomPersonName.Parse).ToArray();

    /// <summary>Sets a PN element (VR PN unless the dictionary says otherwise).</summary>
    public DicomDataset SetPersonName(DicomTag tag, params DicomPersonName[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(names));
            name.Validate();
        }

        return SetStrings(tag, VROr(tag, DicomVR.PN), names.Select(n => n.ToString()).ToArray());
    }

    /// <summary>One DA value; null when absent. Throws <see cref="DicomValueException"/> when it is not a date.</summary>
    public DicomDate? GetDate(DicomTag tag, int index = 0) =>
        GetString(tag, index) is { Length: > 0 } text
            ? DicomDate.TryParse(text, out var date) ? date : throw new DicomValueException($"{tag} value '{text}' is not a date.")
            : null;

    /// <summary>One TM value; null when absent. Throws <see cref="DicomValueException"/> when it is not a time.</summary>
    public DicomTime? GetTime(DicomTag tag, int index = 0) =>
        GetString(tag, index) is { Length: > 0 } text
            ? DicomTime.TryParse(text, out var time) ? time : throw new DicomValueException($"{tag} value '{text}' is not a time.")
            : null;

    /// <summary>One DT value; null when absent. Throws <see cref="DicomValueException"/> when it is not a date time.</summary>
    public DicomDateTime? GetDateTime(DicomTag tag, int index = 0) =>
        GetString(tag, index) is { Length: > 0 } text
            ? DicomDateTime.TryParse(text, out var value) ? value : throw new DicomValueException($"{tag} value '{text}' is not a date time.")
            : null;

    public DicomDataset SetDate(DicomTag tag, params DicomDate[] values) =>
        SetStrings(tag, VROr(tag, DicomVR.DA), values.Select(v => v.ToString()).ToArray());

    public DicomDataset SetTime(DicomTag tag, params DicomTime[] values) =>
        SetStrings(tag, VROr(tag, DicomVR.TM), values.Select(v => v.ToString()).ToArray());

    public DicomDataset SetDateTime(DicomTag tag, params DicomDateTime[] values) =>
        SetStrings(tag, VROr(tag, DicomVR.DT), values.Select(v => v.ToString()).ToArray());

    /// <summary>A UI value as a UID (registered UIDs come with their name); null when absent or empty.</summary>
    public DicomUid? GetUid(DicomTag tag, int index = 0) =>
        GetString(tag, index) is { Length: > 0 } text ? DicomUid.Lookup(text) : null;

    public DicomDataset SetUid(DicomTag tag, params DicomUid[] values) =>
        SetStrings(tag, VROr(tag, DicomVR.UI), values.Select(v => v.Value).ToArray());

    /// <summary>
    /// Re-encodes every text value of this data set and its items in another character set and sets Specific
    /// Character Set accordingly. Throws <see cref="ArgumentException"/> when a value cannot be represented, and then
    /// changes nothing.
    /// </summary>
    public void ChangeCharacterSet(DicomCharacterSet target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var decoded = new List<(DicomDataset Dataset, DicomElement Element, string Text)>();
        Collect(this, decoded);

        // Every value is encoded before anything changes: a value the target cannot hold leaves the data set as it was,
        // not labelled with the new character set and half re-encoded.
        var encoded = decoded
            .Select(d => (d.Dataset, Element: new DicomElement(d.Element.Tag, d.Element.VR, DicomElement.Pad(target.Encode(d.Text, d.Element.VR), d.Element.VR))))
            .ToList();
        if (target.IsDefault)
        {
            Remove(DicomTag.SpecificCharacterSet);
        }
        else
        {
            Set(DicomElement.FromStrings(DicomTag.SpecificCharacterSet, DicomVR.CS, target.Terms.ToArray()));
        }

        foreach (var (dataset, element) in encoded)
        {
            if (dataset != this && dataset.Contains(DicomTag.SpecificCharacterSet))
            {
                dataset.Remove(DicomTag.SpecificCharacterSet);
            }

            dataset.Set(element);
        }

        static void Collect(DicomDataset dataset, List<(DicomDataset, DicomElement, string)> into)
        {
            foreach (var entry in dataset)
            {
                if (entry is DicomElement { VR.IsCharacterSetDependent: true } element)
                {
                    into.Add((dataset, element, element.GetText(dataset.CharacterSet)));
                }
                else if (entry is DicomSequence sequence)
                {
                    foreach (var item in sequence.Items)
                    {
                        Collect(item, into);
                    }
                }
            }
        }
    }

    private DicomElement? TextElement(DicomTag tag) => GetEntry(tag) switch
    {
        null => null,
        DicomElement element when element.ValueVR.IsText => element,
        var other => throw new DicomValueException($"{tag} has VR {other.VR}, which holds no text."),
    };

    private DicomVR VROr(DicomTag tag, DicomVR fallback)
    {
        try
        {
            return ResolveVR(tag);
        }
        catch (ArgumentException)
        {
            return fallback;
        }
    }
}
