using System.Text;
using System.Text.Json.Nodes;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Charsets;

/// <summary>
/// Specific Character Set naming JIS X 0208 or 0212 as value 1, which PS3.5 6.1.2.5.3 does not allow (the initial
/// G0 is ASCII or JIS X 0201 Romaji) but devices send: text outside escape sequences is ASCII, as pydicom reads it.
/// </summary>
public sealed class JisAsFirstValueTests
{
    private static readonly byte[] PatientIdWithKanji = Encoding.Latin1.GetBytes("ABC123\u001b$B;3ED\u001b(B");

    [Theory]
    [InlineData("ISO 2022 IR 87")]
    [InlineData("ISO 2022 IR 159")]
    [InlineData("ISO 2022 IR 87\\ISO 2022 IR 159")]
    public void Reading_starts_in_ASCII_with_a_warning(string terms)
    {
        var warnings = new List<string>();

        var characterSet = DicomCharacterSet.Parse(terms.Split('\\'), warnings);

        Assert.Equal("ABC123", characterSet.Decode("ABC123"u8));
        Assert.Equal("ABC123山田", characterSet.Decode(PatientIdWithKanji));
        Assert.Contains(warnings, w => w.Contains("value 1", StringComparison.Ordinal));
        Assert.Equal("ISO 2022 IR 6", characterSet.Terms[0]);
    }

    [Theory]
    [InlineData("ISO 2022 IR 87")]
    [InlineData("ISO 2022 IR 159")]
    public void Writing_refuses_them_as_value_1(string term)
    {
        var error = Assert.Throws<ArgumentException>(() => DicomCharacterSet.FromTerms(term));

        Assert.Contains("value 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_naming_ISO_2022_IR_87_alone_reads_as_pydicom_reads_it()
    {
        var python = await PeerTools.RequirePythonModulesAsync("pydicom");
        var dataset = new DicomDataset { DicomElement.FromStrings(DicomTag.SpecificCharacterSet, DicomVR.CS, ["ISO 2022 IR 87"]) }
            .SetUid(DicomTag.SOPClassUID, DicomUid.SecondaryCaptureImageStorage)
            .SetUid(DicomTag.SOPInstanceUID, DicomUid.Generate());
        dataset.Set(new DicomElement(DicomTag.PatientName, DicomVR.PN, Encoding.Latin1.GetBytes("Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B")));
        dataset.Set(new DicomElement(DicomTag.StudyDescription, DicomVR.LO, PatientIdWithKanji));
        var path = Path.Combine(Directory.CreateTempSubdirectory("dicom-jis-").FullName, "jis.dcm");
        try
        {
            DicomFileWriter.Write(path, new DicomFile(dataset), DicomTransferSyntax.ExplicitVRLittleEndian);

            var result = await ProcessRunner.RunAsync(python, [Path.Combine(AppContext.BaseDirectory, "Peers", "pydicom_names.py"), path], TimeSpan.FromMinutes(1));
            result.EnsureSuccess("pydicom_names.py");
            var pydicom = JsonNode.Parse(result.StandardOutput)![path]!.AsArray();
            var ours = DicomFileReader.Read(path);

            Assert.Equal("Yamada^Tarou=山田^太郎", pydicom[0]!.GetValue<string>());
            Assert.Equal(pydicom[0]!.GetValue<string>(), ours.Dataset.GetString(DicomTag.PatientName));
            Assert.Equal(pydicom[1]!.GetValue<string>(), ours.Dataset.GetString(DicomTag.StudyDescription));
            Assert.Contains(ours.Warnings, w => w.Tag == DicomTag.SpecificCharacterSet && w.Message.Contains("ASCII", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
