using System.Collections.Frozen;
using System.Globalization;

namespace CloudRisPacs.Dicom;

/// <summary>
/// The data dictionary of PS3.6 (public elements, including repeating groups such as 50xx and 60xx) and a dictionary
/// of known vendor private elements. Both are generated from <c>tools/DicomDictionaryGenerator/input</c>.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "PS3.6 calls it the Data Dictionary; this is not a collection type.")]
public static class DicomDictionary
{
    private static readonly Lazy<PublicTable> Public = new(PublicTable.Load);
    private static readonly Lazy<FrozenDictionary<(string Creator, uint GroupAndOffset), DicomPrivateDictionaryEntry>> Private = new(LoadPrivate);

    /// <summary>Every public entry, in tag order.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => Public.Value.All;

    /// <summary>Every known private entry.</summary>
    public static IEnumerable<DicomPrivateDictionaryEntry> PrivateEntries => Private.Value.Values;

    /// <summary>The public entry for a tag (exact or repeating group), or null for private and unknown tags.</summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var table = Public.Value;
        if (table.ByTag.TryGetValue(tag.Value, out var entry))
        {
            return entry;
        }

        if (tag.IsPrivate)
        {
            return null;
        }

        foreach (var repeating in table.Repeating)
        {
            if ((tag.Value & repeating.Mask) == repeating.Tag)
            {
                return repeating;
            }
        }

        return null;
    }

    /// <summary>The public entry with this keyword (case-sensitive), or null.</summary>
    public static DicomDictionaryEntry? FindByKeyword(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return Public.Value.ByKeyword.GetValueOrDefault(keyword);
    }

    /// <summary>The entry of a private data element given the value of its private creator, or null.</summary>
    public static DicomPrivateDictionaryEntry? FindPrivate(string creator, DicomTag tag)
    {
        ArgumentNullException.ThrowIfNull(creator);
        if (!tag.IsPrivateData)
        {
            return null;
        }

        var key = (creator, ((uint)tag.Group << 8) | (uint)(tag.Element & 0xFF));
        return Private.Value.GetValueOrDefault(key);
    }

    /// <summary>The entry's name for a tag, for messages: keyword, "Private Creator", "Private Tag" or "Unknown".</summary>
    public static string Describe(DicomTag tag) =>
        Find(tag) is { Keyword.Length: > 0 } entry ? entry.Keyword
        : tag.IsPrivateCreator ? "PrivateCreator"
        : tag.IsPrivate ? "PrivateTag"
        : tag.IsGroupLength ? "GroupLength"
        : "Unknown";

    internal static IReadOnlyList<DicomVR> ParseVRs(string text) =>
        text == "NONE" ? [] : text.Split('/').Select(DicomVR.Parse).ToArray();

    private static FrozenDictionary<(string Creator, uint GroupAndOffset), DicomPrivateDictionaryEntry> LoadPrivate()
    {
        var entries = new Dictionary<(string, uint), DicomPrivateDictionaryEntry>();
        foreach (var fields in DataLines(DicomDictionaryData.PrivateElements))
        {
            // Creator, (gggg,xxee), VR, VM, name, retired
            var group = ushort.Parse(fields[1].AsSpan(1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var offset = byte.Parse(fields[1].AsSpan(8, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var entry = new DicomPrivateDictionaryEntry(fields[0], group, offset, ParseVRs(fields[2]), DicomValueMultiplicity.Parse(fields[3]), fields[4], fields[5] == "Y");
            entries[(entry.Creator, ((uint)group << 8) | offset)] = entry;
        }

        return entries.ToFrozenDictionary();
    }

    private static IEnumerable<string[]> DataLines(string data)
    {
        foreach (var line in data.Split('\n'))
        {
            if (line.Length > 0 && line[0] != '#')
            {
                yield return line.Split('\t');
            }
        }
    }

    private sealed record PublicTable(
        IReadOnlyList<DicomDictionaryEntry> All,
        FrozenDictionary<uint, DicomDictionaryEntry> ByTag,
        FrozenDictionary<string, DicomDictionaryEntry> ByKeyword,
        IReadOnlyList<DicomDictionaryEntry> Repeating)
    {
        public static PublicTable Load()
        {
            var all = new List<DicomDictionaryEntry>();
            foreach (var fields in DataLines(DicomDictionaryData.Elements))
            {
                // (gggg,eeee) with x for repeating digits, VR(s), VM, keyword, name, retired, source
                var hex = string.Concat(fields[0].AsSpan(1, 4), fields[0].AsSpan(6, 4));
                uint tag = 0, mask = 0;
                foreach (var digit in hex)
                {
                    tag <<= 4;
                    mask <<= 4;
                    if (digit != 'x')
                    {
                        tag |= (uint)Convert.ToInt32(digit.ToString(), 16);
                        mask |= 0xF;
                    }
                }

                all.Add(new DicomDictionaryEntry(tag, mask, ParseVRs(fields[1]), DicomValueMultiplicity.Parse(fields[2]), fields[3], fields[4], fields[5] == "Y"));
            }

            var byKeyword = new Dictionary<string, DicomDictionaryEntry>(StringComparer.Ordinal);
            foreach (var entry in all.Where(e => e.Keyword.Length > 0))
            {
                byKeyword.TryAdd(entry.Keyword, entry);
            }

            return new PublicTable(
                all,
                all.Where(e => !e.IsRepeatingGroup).ToFrozenDictionary(e => e.Tag),
                byKeyword.ToFrozenDictionary(StringComparer.Ordinal),
                all.Where(e => e.IsRepeatingGroup).ToArray());
        }
    }
}
