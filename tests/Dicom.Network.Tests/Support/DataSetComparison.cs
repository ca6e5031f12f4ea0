using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>
/// Whether two files hold the same data set, element by element: the same tags, text values equal once insignificant
/// padding is trimmed (DCMTK trims trailing spaces of CS values when it sends), binary values and fragments byte for
/// byte, sequences item by item. Group lengths and Data Set Trailing Padding (FFFC,FFFC) are left out: DCMTK drops
/// them when sending, and PS3.5 gives them no meaning.
/// </summary>
public static class DataSetComparison
{
    private static readonly DicomTag TrailingPadding = new(0xFFFC, 0xFFFC);

    public static string? Difference(string expectedPath, string actualPath)
    {
        var expected = DicomFileReader.Read(expectedPath);
        var actual = DicomFileReader.Read(actualPath);
        if (!expected.TransferSyntax.Equals(actual.TransferSyntax))
        {
            return $"transfer syntax {actual.TransferSyntax.Uid.Name}, expected {expected.TransferSyntax.Uid.Name}";
        }

        var differences = new List<string>();
        Compare(expected.Dataset, actual.Dataset, string.Empty, differences);
        return differences.Count == 0 ? null : string.Join("; ", differences.Take(5));
    }

    public static IReadOnlyList<string> Differences(DicomDataset expected, DicomDataset actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, string.Empty, differences);
        return differences;
    }

    private static void Compare(DicomDataset expected, DicomDataset actual, string path, List<string> differences)
    {
        var tags = expected.Select(e => e.Tag).Union(actual.Select(e => e.Tag)).Where(t => !t.IsGroupLength && t != TrailingPadding).Order();
        foreach (var tag in tags)
        {
            var left = expected.GetEntry(tag);
            var right = actual.GetEntry(tag);
            var where = $"{path}{tag}";
            switch (left, right)
            {
                case (null, _):
                    differences.Add($"{where} not expected");
                    break;
                case (_, null):
                    differences.Add($"{where} missing");
                    break;
                case (DicomSequence a, DicomSequence b):
                    if (a.Items.Count != b.Items.Count)
                    {
                        differences.Add($"{where} has {b.Items.Count} items, expected {a.Items.Count}");
                        break;
                    }

                    for (var i = 0; i < a.Items.Count; i++)
                    {
                        Compare(a.Items[i], b.Items[i], $"{where}[{i}]", differences);
                    }

                    break;
                case (DicomFragmentSequence a, DicomFragmentSequence b):
                    if (!a.OffsetTable.Span.SequenceEqual(b.OffsetTable.Span) || a.Fragments.Count != b.Fragments.Count
                        || a.Fragments.Zip(b.Fragments).Any(pair => !pair.First.Span.SequenceEqual(pair.Second.Span)))
                    {
                        differences.Add($"{where} fragments differ");
                    }

                    break;
                case (DicomElement a, DicomElement b):
                    if (!SameValue(a, expected, b, actual))
                    {
                        differences.Add($"{where} value differs");
                    }

                    break;
                default:
                    differences.Add($"{where} is {right.GetType().Name}, expected {left.GetType().Name}");
                    break;
            }
        }
    }

    private static bool SameValue(DicomElement a, DicomDataset aSet, DicomElement b, DicomDataset bSet)
    {
        if (a.Value.Span.SequenceEqual(b.Value.Span))
        {
            return true;
        }

        if (a.ValueVR.IsText && b.ValueVR.IsText)
        {
            return a.GetStrings(aSet.CharacterSet).SequenceEqual(b.GetStrings(bSet.CharacterSet));
        }

        // An odd-length value in the original comes back padded to even length.
        var shorter = a.Length < b.Length ? a.Value.Span : b.Value.Span;
        var longer = a.Length < b.Length ? b.Value.Span : a.Value.Span;
        return longer.Length == shorter.Length + 1 && longer[..shorter.Length].SequenceEqual(shorter) && longer[^1] is 0 or (byte)' ';
    }
}
