namespace CloudRisPacs.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>
    /// The private creator (value of gggg,00xx) that reserves the block of a private data element, or null when the
    /// element is not private data or its block is not reserved in this data set.
    /// </summary>
    public string? GetPrivateCreator(DicomTag tag)
    {
        if (!tag.IsPrivateData)
        {
            return null;
        }

        return GetElement(tag.PrivateCreatorTag) is { } creator ? creator.GetText().Trim() : null;
    }

    /// <summary>The tag of a creator's private element in this data set, or null when the creator has no block in the group.</summary>
    public DicomTag? FindPrivateTag(string creator, ushort group, byte elementOffset)
    {
        var block = FindPrivateBlock(creator, group);
        return block is null ? null : new DicomTag(group, (ushort)((block.Value << 8) | elementOffset));
    }

    /// <summary>
    /// The tag of a creator's private element, reserving a block (adding the private creator element in the first
    /// free slot gggg,0010-00FF) when the creator has none yet. Throws <see cref="ArgumentException"/> for an even
    /// group and <see cref="InvalidOperationException"/> when all 240 blocks are taken.
    /// </summary>
    public DicomTag ReservePrivateTag(string creator, ushort group, byte elementOffset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(creator);
        if ((group & 1) == 0 || group <= 0x0007)
        {
            throw new ArgumentException($"Group {group:X4} is not a private group (odd, above 0007).", nameof(group));
        }

        var block = FindPrivateBlock(creator, group);
        if (block is null)
        {
            for (ushort slot = 0x10; slot <= 0xFF; slot++)
            {
                if (!Contains(new DicomTag(group, slot)))
                {
                    SetString(new DicomTag(group, slot), DicomVR.LO, creator);
                    block = (byte)slot;
                    break;
                }
            }
        }

        return block is null
            ? throw new InvalidOperationException($"All private blocks of group {group:X4} are reserved.")
            : new DicomTag(group, (ushort)((block.Value << 8) | elementOffset));
    }

    private byte? FindPrivateBlock(string creator, ushort group)
    {
        ArgumentNullException.ThrowIfNull(creator);
        foreach (var entry in GetGroup(group))
        {
            if (entry.Tag.Element > 0xFF)
            {
                break;
            }

            if (entry.Tag.IsPrivateCreator && entry is DicomElement element && string.Equals(element.GetText().Trim(), creator, StringComparison.Ordinal))
            {
                return (byte)entry.Tag.Element;
            }
        }

        return null;
    }
}
