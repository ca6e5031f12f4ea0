using System.Collections;
using System.Text;

namespace CloudRisPacs.Dicom;

/// <summary>
/// An ordered set of data elements, kept in tag order. Mutation rules:
/// <list type="bullet">
/// <item>The data set is mutable; elements are immutable: every setter replaces the whole entry under its tag.</item>
/// <item><see cref="Add"/> refuses a tag that is present; <see cref="Set"/> adds or replaces.</item>
/// <item>Text is encoded when it is set, with the <see cref="CharacterSet"/> in force at that moment: set Specific
/// Character Set (0008,0005) first, or re-encode afterwards with <see cref="ChangeCharacterSet"/>.</item>
/// <item>Sequence items inherit Specific Character Set and Pixel Representation from the data set holding the
/// sequence (<see cref="Parent"/>).</item>
/// <item>Not thread-safe for writers; concurrent readers of an unchanging data set are safe.</item>
/// </list>
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomEntry>
{
    private readonly List<DicomEntry> entries;
    private DicomCharacterSet? ownCharacterSet;
    private bool ownCharacterSetKnown;

    public DicomDataset()
    {
        entries = [];
    }

    public DicomDataset(IEnumerable<DicomEntry> entries)
        : this()
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            Set(entry);
        }
    }

    /// <summary>The number of entries (top level only).</summary>
    public int Count => entries.Count;

    /// <summary>For a sequence item, the data set holding the sequence; null at the top level.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>
    /// The character set text values are decoded and encoded with: this data set's Specific Character Set, else the
    /// parent's (for items), else the default repertoire.
    /// </summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (!ownCharacterSetKnown)
            {
                ownCharacterSet = GetElement(DicomTag.SpecificCharacterSet) is { } element
                    ? DicomCharacterSet.Parse(element.GetStrings())
                    : null;
                ownCharacterSetKnown = true;
            }

            return ownCharacterSet ?? Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>The entry under a tag, or null.</summary>
    public DicomEntry? GetEntry(DicomTag tag)
    {
        var index = IndexOf(tag);
        return index >= 0 ? entries[index] : null;
    }

    public bool TryGetEntry(DicomTag tag, [NotNullWhen(true)] out DicomEntry? entry)
    {
        entry = GetEntry(tag);
        return entry is not null;
    }

    /// <summary>The element under a tag, or null when absent or when the entry is a sequence or fragments.</summary>
    public DicomElement? GetElement(DicomTag tag) => GetEntry(tag) as DicomElement;

    /// <summary>Adds an entry; throws <see cref="ArgumentException"/> when its tag is present.</summary>
    public void Add(DicomEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var index = IndexOf(entry.Tag);
        if (index >= 0)
        {
            throw new ArgumentException($"{entry.Tag} is already in the data set; use Set to replace it.", nameof(entry));
        }

        Insert(~index, entry);
    }

    /// <summary>Adds an entry or replaces the one under its tag.</summary>
    public void Set(DicomEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var index = IndexOf(entry.Tag);
        if (index >= 0)
        {
            Detach(entries[index]);
            entries[index] = entry;
            Attach(entry);
        }
        else
        {
            Insert(~index, entry);
        }
    }

    /// <summary>Removes the entry under a tag; returns whether there was one.</summary>
    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        Detach(entries[index]);
        entries.RemoveAt(index);
        return true;
    }

    /// <summary>Removes every entry that matches; returns how many were removed.</summary>
    public int RemoveAll(Predicate<DicomEntry> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var removed = entries.Where(e => match(e)).ToArray();
        foreach (var entry in removed)
        {
            Remove(entry.Tag);
        }

        return removed.Length;
    }

    public void Clear()
    {
        foreach (var entry in entries)
        {
            Detach(entry);
        }

        entries.Clear();
        InvalidateCharacterSet();
    }

    /// <summary>A deep copy: sequences and their items are copied; value bytes are immutable and shared.</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        foreach (var entry in entries)
        {
            copy.Insert(copy.entries.Count, entry.Clone());
        }

        return copy;
    }

    /// <summary>The entries of one group, in tag order.</summary>
    public IEnumerable<DicomEntry> GetGroup(ushort group) => entries.Where(e => e.Tag.Group == group);

    /// <summary>
    /// Rewrites DA values read in the ACR-NEMA form "YYYY.MM.DD" as YYYYMMDD, here and in every item: a value read
    /// leniently is sent on in the standard form.
    /// </summary>
    internal void StandardizeDates()
    {
        foreach (var entry in entries.ToArray())
        {
            if (entry is DicomElement element && element.VR == DicomVR.DA && element.Value.Span.Contains((byte)'.'))
            {
                // Not validated: a value that is no date either is passed on as it was read.
                var text = DicomDate.Standardize(element.GetText());
                Set(new DicomElement(element.Tag, element.VR, DicomElement.Pad(Encoding.Latin1.GetBytes(text), element.VR)));
            }
            else if (entry is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    item.StandardizeDates();
                }
            }
        }
    }

    public IEnumerator<DicomEntry> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"DicomDataset ({Count} entries)";

    /// <summary>Appends while reading: the fast path for entries arriving in tag order.</summary>
    internal void AddParsed(DicomEntry entry)
    {
        if (entries.Count == 0 || entries[^1].Tag < entry.Tag)
        {
            Insert(entries.Count, entry);
        }
        else
        {
            // Out of order or repeated in the input: the later one wins, as most toolkits do.
            Set(entry);
        }
    }

    private int IndexOf(DicomTag tag)
    {
        int low = 0, high = entries.Count - 1;
        var value = tag.Value;
        while (low <= high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            var current = entries[middle].Tag.Value;
            if (current == value)
            {
                return middle;
            }

            if (current < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private void Insert(int index, DicomEntry entry)
    {
        entries.Insert(index, entry);
        Attach(entry);
    }

    private void Attach(DicomEntry entry)
    {
        if (entry is DicomSequence sequence)
        {
            sequence.Owner = this;
        }

        if (entry.Tag == DicomTag.SpecificCharacterSet)
        {
            InvalidateCharacterSet();
        }
    }

    private void Detach(DicomEntry entry)
    {
        if (entry is DicomSequence sequence && sequence.Owner == this)
        {
            sequence.Owner = null;
        }

        if (entry.Tag == DicomTag.SpecificCharacterSet)
        {
            InvalidateCharacterSet();
        }
    }

    private void InvalidateCharacterSet()
    {
        ownCharacterSet = null;
        ownCharacterSetKnown = false;
    }
}
