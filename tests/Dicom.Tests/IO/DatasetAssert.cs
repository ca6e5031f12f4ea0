using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Tests.IO;

/// <summary>Structural equality of two data sets as a round trip must preserve them.</summary>
public static class DatasetAssert
{
    /// <summary>
    /// Lists the differences: tags, sequence structure, fragments, and value bytes (an odd-length value read from the
    /// input gains one padding byte on writing, and group lengths other than 0000/0002 are not written). VRs are
    /// compared unless <paramref name="vrFromDictionary"/> (an implicit VR target, where the reader takes VRs from the
    /// dictionary).
    /// </summary>
    public static List<string> Differences(DicomDataset expected, DicomDataset actual, bool vrFromDictionary, string path = "")
    {
        var differences = new List<string>();
        Compare(expected, actual, vrFromDictionary, path, differences);
        return differences;
    }

    public static void Equivalent(DicomDataset expected, DicomDataset actual, bool vrFromDictionary, string because)
    {
        var differences = Differences(expected, actual, vrFromDictionary);
        Assert.True(differences.Count == 0, $"{because}: {differences.Count} differences:\n{string.Join('\n', differences.Take(30))}");
    }

    private static void Compare(DicomDataset expected, DicomDataset actual, bool vrFromDictionary, string path, List<string> differences)
    {
        var left = expected.Where(e => !e.Tag.IsGroupLength || e.Tag.Group is 0x0000 or 0x0002).ToDictionary(e => e.Tag);
        var right = actual.Where(e => !e.Tag.IsGroupLength || e.Tag.Group is 0x0000 or 0x0002).ToDictionary(e => e.Tag);
        foreach (var (tag, entry) in left)
        {
            var at = $"{path}/{tag}";
            if (!right.TryGetValue(tag, out var other))
            {
                differences.Add($"{at}: missing after the round trip");
                continue;
            }

            if (!vrFromDictionary && entry.VR != other.VR && !(entry.VR.Kind == DicomVRKind.Text && !entry.VR.HasLongExplicitLength && other.VR == DicomVR.UN))
            {
                differences.Add($"{at}: VR {entry.VR} became {other.VR}");
            }

            switch (entry, other)
            {
                case (DicomElement a, DicomElement b):
                    if (!SameValue(a.Value.Span, b.Value.Span, a.VR) && !tag.IsGroupLength)
                    {
                        differences.Add($"{at}: value of {a.Length} bytes became {b.Length} bytes ({Convert.ToHexString(a.Value.Span[..Math.Min(16, a.Length)])} / {Convert.ToHexString(b.Value.Span[..Math.Min(16, b.Length)])})");
                    }

                    break;
                case (DicomSequence a, DicomSequence b):
                    if (a.Items.Count != b.Items.Count)
                    {
                        differences.Add($"{at}: {a.Items.Count} items became {b.Items.Count}");
                        break;
                    }

                    for (var i = 0; i < a.Items.Count; i++)
                    {
                        Compare(a.Items[i], b.Items[i], vrFromDictionary, $"{at}[{i}]", differences);
                    }

                    break;
                case (DicomFragmentSequence a, DicomFragmentSequence b):
                    if (!SameValue(a.OffsetTable.Span, b.OffsetTable.Span, DicomVR.OB) || a.Fragments.Count != b.Fragments.Count
                        || a.Fragments.Zip(b.Fragments).Any(pair => !SameValue(pair.First.Span, pair.Second.Span, DicomVR.OB)))
                    {
                        differences.Add($"{at}: fragments differ");
                    }

                    break;
                case (DicomSequence { Items.Count: 0 }, DicomElement { Length: 0 }) when vrFromDictionary && DicomDictionary.Find(tag) is null:
                    // In implicit VR an empty sequence of a tag no dictionary knows is indistinguishable from an empty value.
                    break;
                default:
                    differences.Add($"{at}: {entry.GetType().Name} became {other.GetType().Name}");
                    break;
            }
        }

        foreach (var tag in right.Keys.Except(left.Keys))
        {
            differences.Add($"{path}/{tag}: appeared after the round trip");
        }
    }

    private static bool SameValue(ReadOnlySpan<byte> original, ReadOnlySpan<byte> roundTripped, DicomVR vr) =>
        original.SequenceEqual(roundTripped)
        || (original.Length % 2 == 1 && roundTripped.Length == original.Length + 1 && roundTripped.StartsWith(original));
}
