using System.Globalization;
using System.Text;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.Dicom.Tests.IO;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Interop;

/// <summary>
/// Files we write, from every readable corpus file in every transfer syntax it can take, are read by DCMTK's dcmdump
/// with no error or warning, and every element dcmdump prints matches ours: tag, VR, length, multiplicity, text
/// values, numbers, sequence items and pixel data fragments.
/// </summary>
public sealed class DcmdumpInteropTests
{
    public static IEnumerable<object[]> WritableFiles => RoundTripTests.ReadableFiles
        .Where(row => DicomFileReader.Read(CorpusFiles.PathOf((string)row[0])).Dataset.Contains(DicomTag.SOPClassUID));

    [Theory]
    [MemberData(nameof(WritableFiles))]
    public async Task Dcmdump_reads_what_we_write_without_warnings_and_with_our_values(string relativePath)
    {
        var dcmdump = PeerTools.Require("dcmdump");
        var original = DicomFileReader.Read(CorpusFiles.PathOf(relativePath));
        var folder = Directory.CreateTempSubdirectory("dicom-dcmdump-");
        try
        {
            foreach (var syntax in RoundTripTests.TargetsFor(original.TransferSyntax))
            {
                var path = Path.Combine(folder.FullName, "out.dcm");
                DicomFileWriter.Write(path, original, syntax);
                var result = await Latin1Process.RunAsync(dcmdump, ["-Un", "+L", "-M", "+uc", path], TimeSpan.FromSeconds(60));
                var because = $"{relativePath} as {syntax.Uid.Name}";
                Assert.True(result.ExitCode == 0, $"{because}: dcmdump exited with {result.ExitCode}: {result.StandardError}");
                Assert.True(result.StandardError.Length == 0, $"{because}: dcmdump reported: {result.StandardError}");
                Assert.DoesNotContain("\nW: ", "\n" + result.StandardOutput, StringComparison.Ordinal);
                Assert.DoesNotContain("\nE: ", "\n" + result.StandardOutput, StringComparison.Ordinal);

                var written = DicomFileReader.Read(path);
                var (meta, dataset) = DcmdumpOutput.Parse(result.StandardOutput);
                var differences = new List<string>();
                Compare(written.FileMetaInformation, meta, "meta", differences);
                Compare(written.Dataset, dataset, "dataset", differences);
                Assert.True(differences.Count == 0, $"{because}: {differences.Count} differences from dcmdump:\n{string.Join('\n', differences.Take(30))}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Compare(DicomDataset ours, List<DcmdumpNode> theirs, string path, List<string> differences)
    {
        var expected = ours.ToList();
        var lines = theirs.ToDictionary(n => n.Tag);
        foreach (var entry in expected)
        {
            var at = $"{path}/{entry.Tag}";
            if (!lines.TryGetValue(entry.Tag, out var node))
            {
                differences.Add($"{at}: dcmdump does not show it");
                continue;
            }

            if (node.VR == "??")
            {
                // dcmdump does not know this private tag, so in implicit VR it sees bytes of unknown VR: only the length can be compared.
                if (entry is DicomElement unknown && node.Length != unknown.Length)
                {
                    differences.Add($"{at}: length ours {unknown.Length}, dcmdump {node.Length}");
                }

                continue;
            }

            if (node.VR != entry.VR.Code)
            {
                differences.Add($"{at}: VR ours {entry.VR}, dcmdump {node.VR} ({node.Line.Trim()})");
                continue;
            }

            switch (entry)
            {
                case DicomSequence sequence:
                    var items = node.Children.Where(c => c.Tag == new DicomTag(0xFFFE, 0xE000)).ToList();
                    if (items.Count != sequence.Items.Count)
                    {
                        differences.Add($"{at}: {sequence.Items.Count} items, dcmdump shows {items.Count}");
                        break;
                    }

                    for (var i = 0; i < items.Count; i++)
                    {
                        Compare(sequence.Items[i], items[i].Children, $"{at}[{i}]", differences);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    var shown = node.Children.Where(c => c.Tag == new DicomTag(0xFFFE, 0xE000)).Select(c => c.Length).ToList();
                    var mine = new[] { fragments.OffsetTable.Length }.Concat(fragments.Fragments.Select(f => f.Length)).Select(l => (long)(l + (l % 2))).ToList();
                    if (!shown.SequenceEqual(mine))
                    {
                        differences.Add($"{at}: fragment lengths ours {string.Join(',', mine)}, dcmdump {string.Join(',', shown)}");
                    }

                    break;
                case DicomElement element:
                    CompareElement(ours, element, node, at, differences);
                    break;
            }
        }

        foreach (var node in theirs.Where(n => !expected.Any(e => e.Tag == n.Tag)))
        {
            differences.Add($"{path}/{node.Tag}: dcmdump shows it, we do not have it: {node.Line.Trim()}");
        }
    }

    private static void CompareElement(DicomDataset dataset, DicomElement element, DcmdumpNode node, string at, List<string> differences)
    {
        if (node.Length != element.Length)
        {
            differences.Add($"{at}: length ours {element.Length}, dcmdump {node.Length}");
            return;
        }

        var vr = element.VR;
        if (element.Length == 0)
        {
            if (!node.Value.StartsWith("(no value available)", StringComparison.Ordinal))
            {
                differences.Add($"{at}: empty for us, dcmdump prints {node.Value}");
            }

            return;
        }

        if (vr.IsText)
        {
            // dcmdump prints the raw bytes between brackets without trailing padding.
            var text = Encoding.Latin1.GetString(element.Value.Span).TrimEnd(' ', '\0');
            var printed = node.Value.Length >= 2 && node.Value[0] == '[' ? node.Value[1..node.Value.LastIndexOf(']')] : node.Value;
            if (printed.TrimEnd(' ', '\0') != text)
            {
                differences.Add($"{at}: text ours [{text}], dcmdump {node.Value}");
            }

            if (!vr.IsCharacterSetDependent && node.Multiplicity != element.GetValueCount(dataset.CharacterSet))
            {
                differences.Add($"{at}: VM ours {element.GetValueCount(dataset.CharacterSet)}, dcmdump {node.Multiplicity}");
            }

            return;
        }

        if (vr.Kind == DicomVRKind.Number && vr != DicomVR.AT)
        {
            var ourNumbers = element.GetNumbers<double>();
            var printed = node.Value.Split('\\').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            if (ourNumbers.Length != printed.Length || ourNumbers.Zip(printed).Any(p => !Close(p.First, p.Second)))
            {
                differences.Add($"{at}: numbers ours {string.Join('\\', ourNumbers)}, dcmdump {node.Value}");
            }

            return;
        }

        if (vr == DicomVR.AT)
        {
            var ourTags = string.Join('\\', element.GetTags().Select(t => t.ToString().ToLowerInvariant()));
            if (ourTags != node.Value)
            {
                differences.Add($"{at}: tags ours {ourTags}, dcmdump {node.Value}");
            }
        }
    }

    private static bool Close(double a, double b) =>
        a.Equals(b) || Math.Abs(a - b) <= 1e-5 * Math.Max(Math.Abs(a), Math.Abs(b)) || (double.IsNaN(a) && double.IsNaN(b));
}
