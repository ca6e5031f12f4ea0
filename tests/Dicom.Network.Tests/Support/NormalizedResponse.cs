using System.Globalization;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>
/// A C-FIND response flattened to path → value for comparison between SCPs: text trimmed, sequences item by item,
/// an empty sequence as an empty value. Specific Character Set and group lengths are left out (not keys).
/// </summary>
public sealed class NormalizedResponse
{
    private NormalizedResponse(SortedDictionary<string, string> values)
    {
        Values = values;
    }

    public SortedDictionary<string, string> Values { get; }

    /// <summary>The non-empty values in one line: identifies the matched item and orders responses.</summary>
    public string Identity => string.Join(" | ", Values.Where(v => v.Value.Length > 0).Select(v => $"{v.Key}={v.Value}"));

    public static NormalizedResponse Of(DicomDataset dataset)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(dataset, string.Empty, values);
        return new NormalizedResponse(values);
    }

    /// <summary>
    /// Differences with another SCP's response: a path both have must hold the same value; a path only one has must be
    /// empty (SCPs differ in which empty return keys they include).
    /// </summary>
    public IEnumerable<string> DifferencesFrom(NormalizedResponse other)
    {
        foreach (var path in Values.Keys.Union(other.Values.Keys).Order(StringComparer.Ordinal))
        {
            var mine = Values.GetValueOrDefault(path);
            var theirs = other.Values.GetValueOrDefault(path);
            if (mine is not null && theirs is not null && mine != theirs)
            {
                yield return $"{path}: ours '{mine}', theirs '{theirs}'";
            }
            else if ((mine ?? theirs)!.Length > 0 && (mine is null || theirs is null))
            {
                yield return $"{path}: '{mine ?? theirs}' only in {(mine is null ? "theirs" : "ours")}";
            }
        }
    }

    public override string ToString() => Identity;

    private static void Flatten(DicomDataset dataset, string prefix, SortedDictionary<string, string> values)
    {
        foreach (var entry in dataset)
        {
            if (entry.Tag.IsGroupLength || entry.Tag == DicomTag.SpecificCharacterSet)
            {
                continue;
            }

            var path = prefix + entry.Tag.ToString();
            switch (entry)
            {
                case DicomSequence sequence when sequence.Items.Count == 0:
                    values[path] = string.Empty;
                    break;
                case DicomSequence sequence:
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        Flatten(sequence.Items[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", values);
                    }

                    break;
                case DicomElement element when element.ValueVR.IsText:
                    values[path] = string.Join('\\', element.GetStrings(dataset.CharacterSet));
                    break;
                case DicomElement element:
                    values[path] = Convert.ToHexString(element.Value.Span);
                    break;
            }
        }
    }
}
