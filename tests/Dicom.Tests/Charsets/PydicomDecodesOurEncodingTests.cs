using System.Text.Json.Nodes;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Charsets;

/// <summary>Names and texts we encode in each Specific Character Set are decoded by pydicom (an independent decoder) to the same text.</summary>
public sealed class PydicomDecodesOurEncodingTests
{
    private static readonly (string Terms, string Name, string Description)[] Cases =
    [
        ("ISO_IR 100", "Buc^Jérôme", "Étude du thorax"),
        ("ISO_IR 101", "Dvořák^Antonín", "Vyšetření hrudníku"),
        ("ISO_IR 144", "Люкceмбypг", "Грудная клетка"),
        ("ISO_IR 126", "Διονυσιος", "Θώρακας"),
        ("ISO_IR 127", "قباني^لنزار", "صدر"),
        ("ISO_IR 138", "שרון^דבורה", "חזה"),
        ("ISO_IR 148", "Çavuşoğlu^Gülşen", "Göğüs"),
        ("ISO_IR 166", "นามสกุล^ชื่อ", "ทรวงอก"),
        ("ISO_IR 192", "Wang^XiaoDong=王^小東", "胸部 CT"),
        ("GB18030", "Wang^XiaoDong=王^小东", "胸部"),
        ("\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう", "胸部 CT"),
        ("ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", "ｷｮｳﾌﾞ"),
        ("\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동", "흉부"),
        // ISO 2022 IR 58 is left out: pydicom 2.3 keeps the ESC $ ) A designations in its decoded text. Our bytes
        // are checked against PS3.5 Annex K instead (CharacterSetTests).
        ("ISO 2022 IR 100\\ISO 2022 IR 144", "Müller^Hans=Мюллер^Ганс", "Thorax Грудь"),
    ];

    [Fact]
    public async Task Pydicom_decodes_what_we_encode_to_the_same_text()
    {
        var python = await PeerTools.RequirePythonModulesAsync("pydicom");
        var folder = Directory.CreateTempSubdirectory("dicom-charsets-");
        try
        {
            var paths = new List<string>();
            for (var i = 0; i < Cases.Length; i++)
            {
                var (terms, name, description) = Cases[i];
                var dataset = new DicomDataset()
                    .SetStrings(DicomTag.SpecificCharacterSet, terms.Split('\\'))
                    .SetUid(DicomTag.SOPClassUID, DicomUid.SecondaryCaptureImageStorage)
                    .SetUid(DicomTag.SOPInstanceUID, DicomUid.Generate())
                    .SetPersonName(DicomTag.PatientName, DicomPersonName.Parse(name))
                    .SetString(DicomTag.StudyDescription, description);
                var path = Path.Combine(folder.FullName, $"{i}.dcm");
                DicomFileWriter.Write(path, new DicomFile(dataset), DicomTransferSyntax.ExplicitVRLittleEndian);
                paths.Add(path);
            }

            var script = Path.Combine(AppContext.BaseDirectory, "Peers", "pydicom_names.py");
            var result = await ProcessRunner.RunAsync(python, [script, .. paths], TimeSpan.FromMinutes(1));
            result.EnsureSuccess("pydicom_names.py");
            var decoded = JsonNode.Parse(result.StandardOutput)!.AsObject();

            for (var i = 0; i < Cases.Length; i++)
            {
                var values = decoded[paths[i]]!.AsArray();
                Assert.Equal(Cases[i].Name, values[0]!.GetValue<string>());
                Assert.Equal(Cases[i].Description, values[1]!.GetValue<string>());
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
