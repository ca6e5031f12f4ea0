using System.Text;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Tests.Corpus;

namespace CloudRisPacs.Dicom.Tests.Charsets;

public sealed class CharacterSetTests
{
    /// <summary>Samples whose writer chose another valid encoding than PS3.5 Annex H shows; for them the decoded text must match.</summary>
    private static readonly Dictionary<string, string> OtherValidEncodings = new(StringComparer.Ordinal)
    {
        ["charset_files/chrSQEncoding.dcm"] = "After JIS X 0208 it returns to ASCII (ESC ( B) where H.3.2 returns to the initial JIS X 0201 Romaji (ESC ( J), which we do.",
        ["charset_files/chrSQEncoding1.dcm"] = "As chrSQEncoding.dcm.",
        ["charset_files/chrKoreanMulti.dcm"] = "(0008,1070) ends with a redundant ESC ( B although G0 never left ASCII.",
    };

    public static IEnumerable<object[]> CharsetFiles => CorpusFiles.Relative
        .Where(row => ((string)row[0]).StartsWith("charset_files/", StringComparison.Ordinal) && ((string)row[0]).EndsWith(".dcm", StringComparison.Ordinal));

    /// <summary>
    /// Encoding what we decoded gives back the bytes of the sample files (written by other toolkits following
    /// PS3.5 6.1.2.5.3), for every text element, including ISO 2022 escapes back to the initial set before delimiters.
    /// </summary>
    [Theory]
    [MemberData(nameof(CharsetFiles))]
    public void Encoding_the_decoded_text_reproduces_the_samples_bytes(string relativePath)
    {
        var file = DicomFileReader.Read(CorpusFiles.PathOf(relativePath));
        var checkedElements = 0;
        Walk(file.Dataset, dataset =>
        {
            foreach (var element in dataset.OfType<DicomElement>().Where(e => e.VR.IsCharacterSetDependent && e.Length > 0))
            {
                var original = element.Value.ToArray().AsSpan().TrimEnd((byte)' ').ToArray();
                var text = dataset.CharacterSet.Decode(element.Value.Span).TrimEnd(' ');
                var encoded = dataset.CharacterSet.Encode(text, element.VR);
                if (OtherValidEncodings.ContainsKey(relativePath))
                {
                    Assert.Equal(text, dataset.CharacterSet.Decode(encoded));
                    checkedElements++;
                    continue;
                }

                Assert.True(original.AsSpan().SequenceEqual(encoded), $"{relativePath} {element.Tag} '{text}': expected {Convert.ToHexString(original)}, encoded {Convert.ToHexString(encoded)}");
                checkedElements++;
            }
        });
        Assert.True(checkedElements > 0);
    }

    [Theory]
    [InlineData("ISO_IR 100", "Buc^Jérôme")]
    [InlineData("ISO_IR 101", "Dvořák^Antonín")]
    [InlineData("ISO_IR 109", "Ħal Għargħur")]
    [InlineData("ISO_IR 110", "Ąžuolas^Šarūnas")]
    [InlineData("ISO_IR 144", "Люкceмбypг")]
    [InlineData("ISO_IR 127", "قباني^لنزار")]
    [InlineData("ISO_IR 126", "Διονυσιος")]
    [InlineData("ISO_IR 138", "שרון^דבורה")]
    [InlineData("ISO_IR 148", "Çavuşoğlu^Gülşen")]
    [InlineData("ISO_IR 166", "นามสกุล^ชื่อ")]
    [InlineData("ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ")]
    [InlineData("ISO_IR 192", "Wang^XiaoDong=王^小東")]
    [InlineData("GB18030", "Wang^XiaoDong=王^小东")]
    [InlineData("GBK", "Wang^XiaoDong=王^小东")]
    [InlineData("\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")]
    [InlineData("\\ISO 2022 IR 159", "Jokan^Ijirou=丂")]
    [InlineData("\\ISO 2022 IR 87\\ISO 2022 IR 159", "Yamada^Tarou=山田^丂郎")]
    [InlineData("\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동")]
    [InlineData("\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东=")]
    [InlineData("ISO 2022 IR 100\\ISO 2022 IR 126", "Müller Διονυσιος")]
    public void Text_encodes_and_decodes_back_in_each_character_set(string terms, string text)
    {
        var characterSet = DicomCharacterSet.FromTerms(terms.Split('\\'));
        var bytes = characterSet.Encode(text, DicomVR.PN);

        Assert.Equal(text, characterSet.Decode(bytes));
        if (characterSet.UsesCodeExtensions)
        {
            // Every escape to another set is undone before the end (PS3.5 6.1.2.5.3).
            var initial = Encoding.Latin1.GetString(bytes);
            Assert.False(initial.EndsWith("\u001b$B", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Japanese_name_is_encoded_exactly_as_PS3_5_annex_H_shows()
    {
        var characterSet = DicomCharacterSet.FromTerms("", "ISO 2022 IR 87");

        var bytes = characterSet.Encode("Yamada^Tarou=山田^太郎=やまだ^たろう", DicomVR.PN);

        Assert.Equal("Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B=\u001b$B$d$^$@\u001b(B^\u001b$B$?$m$&\u001b(B", Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void Chinese_name_is_encoded_exactly_as_PS3_5_annex_K_shows()
    {
        var characterSet = DicomCharacterSet.FromTerms("", "ISO 2022 IR 58");

        var bytes = characterSet.Encode("Zhang^XiaoDong=张^小东=", DicomVR.PN);

        Assert.Equal("5A68616E675E5869616F446F6E673D1B242941D5C55E1B242941D0A1B6AB3D", Convert.ToHexString(bytes));
    }

    [Fact]
    public void A_character_outside_the_repertoire_is_an_argument_error_when_encoding()
    {
        var latin1 = DicomCharacterSet.FromTerms("ISO_IR 100");

        var error = Assert.Throws<ArgumentException>(() => latin1.Encode("山田", DicomVR.PN));
        Assert.Contains("cannot be encoded", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DicomCharacterSet.Default.Encode("Müller", DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO_IR 999", 1)]
    [InlineData("ISO-IR 100", 1)]
    [InlineData("ISO_IR_192", 1)]
    [InlineData("ISO_IR 192\\ISO 2022 IR 87", 1)]
    [InlineData("ISO_IR 100\\ISO_IR 126", 2)]
    public void Unknown_or_loose_terms_fall_back_with_warnings_and_never_throw(string terms, int warnings)
    {
        var problems = new List<string>();

        var characterSet = DicomCharacterSet.Parse(terms.Split('\\'), problems);

        Assert.Equal(warnings, problems.Count);
        Assert.Equal("ABC", characterSet.Decode("ABC"u8));
        Assert.Throws<ArgumentException>(() => DicomCharacterSet.FromTerms(terms.Split('\\')));
    }

    [Fact]
    public void An_unknown_character_set_in_a_file_is_a_read_warning_and_text_still_decodes()
    {
        var dataset = new DicomDataset { DicomElement.FromStrings(DicomTag.SpecificCharacterSet, DicomVR.CS, ["ISO_IR 999"]) }
            .SetString(DicomTag.PatientID, "12345");
        dataset.Set(new DicomElement(DicomTag.PatientName, DicomVR.PN, Encoding.Latin1.GetBytes("M\u00fcller^Hans")));
        var bytes = DicomDatasetWriter.Encode(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        var read = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Contains(read.Warnings, w => w.Tag == DicomTag.SpecificCharacterSet && w.Message.Contains("unknown", StringComparison.Ordinal));
        Assert.Equal("M\u00fcller^Hans", read.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Items_inherit_the_character_set_of_the_data_set_holding_the_sequence()
    {
        var dataset = new DicomDataset().SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        var item = new DicomDataset();
        dataset.SetSequence(DicomTag.OtherPatientIDsSequence, item);

        item.SetPersonName(DicomTag.PatientName, new DicomPersonName("王", "小東"));

        Assert.Equal(DicomCharacterSet.Utf8, item.CharacterSet);
        Assert.Equal("王^小東", Encoding.UTF8.GetString(item.GetBytes(DicomTag.PatientName)!.Value.Span).TrimEnd());
    }

    [Fact]
    public void An_item_with_its_own_specific_character_set_uses_it()
    {
        var file = DicomFileReader.Read(CorpusFiles.CharsetSample("chrSQEncoding.dcm"));
        var item = file.Dataset.GetFirstItem(DicomTag.RequestedProcedureCodeSequence)!;

        Assert.Equal(DicomCharacterSet.Utf8, file.Dataset.CharacterSet);
        Assert.Equal(["ISO 2022 IR 13", "ISO 2022 IR 87"], item.CharacterSet.Terms);
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", item.GetString(DicomTag.PatientName));
    }

    private static void Walk(DicomDataset dataset, Action<DicomDataset> visit)
    {
        visit(dataset);
        foreach (var sequence in dataset.OfType<DicomSequence>())
        {
            foreach (var item in sequence.Items)
            {
                Walk(item, visit);
            }
        }
    }
}
