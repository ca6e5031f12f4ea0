using System.Text.Json.Nodes;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Tests.Corpus;

/// <summary>
/// Reads every file of pydicom's test data with our reader and compares element by element (tag, VR, values,
/// sequence structure, decoded person names) with what pydicom read. Differences we intend are listed in
/// <see cref="IntentionalDifferences"/> with their reasons; every other difference fails.
/// </summary>
public sealed class PydicomComparisonTests
{
    public static IEnumerable<object[]> Files => CorpusFiles.Relative;

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Our_reading_equals_pydicoms(string relativePath)
    {
        var expected = await PydicomDump.ForAsync(relativePath);
        var outcome = IntentionalDifferences.ExpectedOutcome(relativePath);

        DicomFile file;
        try
        {
            file = DicomFileReader.Read(CorpusFiles.PathOf(relativePath));
        }
        catch (DicomParseException ex)
        {
            Assert.True(outcome is ExpectedOutcome.ParseException, $"{relativePath}: unexpected DicomParseException: {ex.Message}");
            return;
        }

        Assert.True(outcome is not ExpectedOutcome.ParseException, $"{relativePath}: expected a DicomParseException, read {file.Dataset.Count} elements with warnings: {string.Join("; ", file.Warnings)}");
        Assert.Equal("ok", expected["status"]!.GetValue<string>());
        var bigEndian = !file.TransferSyntax.IsLittleEndian;
        var differences = DumpComparer.Compare(expected["meta"]!.AsArray(), OurDump.Dataset(file.FileMetaInformation, false), "meta")
            .Concat(DumpComparer.Compare(expected["dataset"]!.AsArray(), OurDump.Dataset(file.Dataset, bigEndian), "dataset"))
            .ToList();

        Assert.True(differences.Count == 0, $"{relativePath}: {differences.Count} differences from pydicom:\n{string.Join('\n', differences.Take(40))}");
    }
}
