using System.Collections.ObjectModel;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A sequence of items (SQ). Items are data sets; an item added here belongs to the data set holding this sequence
/// (its <see cref="DicomDataset.Parent"/>), from which it inherits Specific Character Set and Pixel Representation.
/// An item belongs to one sequence at a time: to put it in a second one, add a <see cref="DicomDataset.Clone"/>.
/// </summary>
public sealed class DicomSequence : DicomEntry
{
    private DicomDataset? owner;

    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null)
        : base(tag, DicomVR.SQ)
    {
        Items = new DicomSequenceItems(this);
        foreach (var item in items ?? [])
        {
            Items.Add(item);
        }
    }

    /// <summary>The items, in order; mutable.</summary>
    public Collection<DicomDataset> Items { get; }

    /// <summary>The data set holding this sequence; items inherit from it.</summary>
    internal DicomDataset? Owner
    {
        get => owner;
        set
        {
            owner = value;
            foreach (var item in Items)
            {
                item.Parent = value;
            }
        }
    }

    public override DicomEntry Clone() => new DicomSequence(Tag, Items.Select(item => item.Clone()));

    public override string ToString() => $"{base.ToString()} {Items.Count} items";

    private sealed class DicomSequenceItems(DicomSequence sequence) : Collection<DicomDataset>
    {
        protected override void InsertItem(int index, DicomDataset item)
        {
            ArgumentNullException.ThrowIfNull(item);
            item.Parent = sequence.owner;
            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, DicomDataset item)
        {
            ArgumentNullException.ThrowIfNull(item);
            this[index].Parent = null;
            item.Parent = sequence.owner;
            base.SetItem(index, item);
        }

        protected override void RemoveItem(int index)
        {
            this[index].Parent = null;
            base.RemoveItem(index);
        }

        protected override void ClearItems()
        {
            foreach (var item in this)
            {
                item.Parent = null;
            }

            base.ClearItems();
        }
    }
}
