using System.Numerics;

namespace CloudRisPacs.Dicom;

public sealed partial class DicomDataset
{
    /// <summary>
    /// One value as a number (binary VRs, IS and DS); null when absent or when there are not that many values.
    /// Throws <see cref="DicomValueException"/> when the value is not a number or does not fit <typeparamref name="T"/>.
    /// </summary>
    public T? GetNumber<T>(DicomTag tag, int index = 0)
        where T : struct, INumber<T>
    {
        var element = NumericElement(tag);
        if (element is null || index < 0 || index >= element.GetValueCount(CharacterSet))
        {
            return null;
        }

        return element.GetNumber<T>(index);
    }

    /// <summary>All values as numbers; empty when absent.</summary>
    public T[] GetNumbers<T>(DicomTag tag)
        where T : struct, INumber<T> => NumericElement(tag)?.GetNumbers<T>() ?? [];

    /// <summary>Sets a numeric element with the dictionary VR (binary numbers, or text for IS and DS).</summary>
    public DicomDataset SetNumber<T>(DicomTag tag, T value)
        where T : struct, INumber<T> => SetNumbers(tag, ResolveVR(tag), value);

    public DicomDataset SetNumbers<T>(DicomTag tag, params T[] values)
        where T : struct, INumber<T> => SetNumbers(tag, ResolveVR(tag), values);

    /// <summary>Sets a numeric element; throws <see cref="ArgumentOutOfRangeException"/> when a value does not fit the VR.</summary>
    public DicomDataset SetNumbers<T>(DicomTag tag, DicomVR vr, params T[] values)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        Set(DicomElement.FromNumbers<T>(tag, vr, values));
        return this;
    }

    /// <summary>The values of an AT element; empty when absent.</summary>
    public IReadOnlyList<DicomTag> GetTags(DicomTag tag) => GetElement(tag)?.GetTags() ?? [];

    public DicomDataset SetTags(DicomTag tag, params DicomTag[] values)
    {
        Set(DicomElement.FromTags(tag, values));
        return this;
    }

    /// <summary>The raw little-endian value bytes of an element; null when absent or not an element.</summary>
    public ReadOnlyMemory<byte>? GetBytes(DicomTag tag) => GetElement(tag)?.Value;

    /// <summary>Sets raw little-endian value bytes, padded to even length with the VR's padding byte.</summary>
    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value)
    {
        ArgumentNullException.ThrowIfNull(vr);
        Set(new DicomElement(tag, vr, value.Length % 2 == 0 ? value : DicomElement.Pad(value.ToArray(), vr)));
        return this;
    }

    /// <summary>The encapsulated pixel data under a tag, or null.</summary>
    public DicomFragmentSequence? GetFragments(DicomTag tag) => GetEntry(tag) as DicomFragmentSequence;

    private DicomElement? NumericElement(DicomTag tag) => GetEntry(tag) switch
    {
        null => null,
        DicomElement element => element,
        var other => throw new DicomValueException($"{tag} has VR {other.VR}, which holds no numbers."),
    };
}
