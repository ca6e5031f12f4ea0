using CloudRisPacs.TestSupport;
using CloudRisPacs.Tools.DicomDictionaryGenerator;

namespace CloudRisPacs.Dicom.Tests.Core;

public sealed class DictionaryTests
{
    [Fact]
    public void Generated_tables_are_up_to_date_with_the_generator_input()
    {
        var generated = DictionaryCodeGenerator.Generate(RepositoryPaths.Combine("tools", "DicomDictionaryGenerator", "input"));

        foreach (var (name, content) in generated)
        {
            var committed = File.ReadAllText(RepositoryPaths.Combine("libs", "Dicom", "Dictionary", "Generated", name));
            Assert.True(committed == content, $"{name} differs from what the generator writes; run: dotnet run --project tools/DicomDictionaryGenerator");
        }
    }

    [Fact]
    public void Keywords_give_tags_and_tags_give_entries()
    {
        Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTag.PatientName);
        var entry = DicomDictionary.Find(DicomTag.PatientName)!;
        Assert.Equal(DicomVR.PN, entry.VR);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal(DicomValueMultiplicity.One, entry.Multiplicity);
        Assert.Equal(DicomTag.PatientName, DicomTag.Parse("PatientName"));
        Assert.Equal("PatientName", DicomTag.PatientName.Keyword);
        Assert.Equal(new DicomTag(0x0008, 0x0017), DicomTag.AcquisitionUID);
    }

    [Fact]
    public void Repeating_groups_match_every_even_group_of_the_range()
    {
        var overlay = DicomDictionary.Find(new DicomTag(0x6002, 0x3000))!;
        Assert.Equal("OverlayData", overlay.Keyword);
        Assert.True(overlay.IsRepeatingGroup);
        Assert.Equal([DicomVR.OB, DicomVR.OW], overlay.ValueRepresentations);
        Assert.Equal("CurveData", DicomDictionary.Find(new DicomTag(0x501E, 0x3000))!.Keyword);
        Assert.Equal("SourceImageIDs", DicomDictionary.Find(new DicomTag(0x0020, 0x3105))!.Keyword);
        Assert.Null(DicomDictionary.Find(new DicomTag(0x6001, 0x3000)));
    }

    [Fact]
    public void Private_elements_are_found_by_creator_whatever_block_they_are_in()
    {
        var entry = DicomDictionary.FindPrivate("GEMS_ACQU_01", new DicomTag(0x0019, 0x1013))!;
        Assert.Equal(DicomVR.SS, entry.VR);
        Assert.Equal(entry.Name, DicomDictionary.FindPrivate("GEMS_ACQU_01", new DicomTag(0x0019, 0x2313))!.Name);
        Assert.Null(DicomDictionary.FindPrivate("NO SUCH CREATOR", new DicomTag(0x0019, 0x1013)));
    }

    [Fact]
    public void The_dictionary_holds_the_whole_standard()
    {
        Assert.True(DicomDictionary.Entries.Count > 4900);
        Assert.True(DicomDictionary.PrivateEntries.Count() > 8000);
        Assert.True(DicomUid.Registered.Count() > 400);
        Assert.Equal(DicomVR.SQ, DicomDictionary.Find(DicomTag.ReferencedStudySequence)!.VR);
        Assert.True(DicomDictionary.Find(new DicomTag(0x0008, 0x0040))!.IsRetired);
    }

    [Fact]
    public void Uids_come_from_the_registry()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", DicomUid.CTImageStorage.Value);
        Assert.Equal(DicomUidType.SopClass, DicomUid.CTImageStorage.Type);
        Assert.Same(DicomUid.CTImageStorage, DicomUid.Lookup("1.2.840.10008.5.1.4.1.1.2\0"));
        Assert.Equal(DicomUidType.TransferSyntax, DicomUid.ExplicitVRBigEndian.Type);
        Assert.True(DicomUid.ExplicitVRBigEndian.IsRetired);
        Assert.False(DicomUid.Lookup("1.2.3.4").IsRegistered);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2", true)]
    [InlineData("1.2.840.10008.1.2.01", false)]
    [InlineData("1..2", false)]
    [InlineData("1.2.a", false)]
    [InlineData("0.1", true)]
    [InlineData("", false)]
    public void Uid_validation_follows_PS3_5_section_9(string uid, bool valid) => Assert.Equal(valid, DicomUid.IsValid(uid));

    [Fact]
    public void Generated_uids_are_valid_and_unique()
    {
        var uids = Enumerable.Range(0, 100).Select(_ => DicomUid.Generate().Value).ToHashSet();

        Assert.Equal(100, uids.Count);
        Assert.All(uids, uid => Assert.True(DicomUid.IsValid(uid) && uid.StartsWith("2.25.", StringComparison.Ordinal), uid));
    }

    [Fact]
    public void Transfer_syntaxes_are_data()
    {
        Assert.False(DicomTransferSyntax.ImplicitVRLittleEndian.IsExplicitVR);
        Assert.False(DicomTransferSyntax.ExplicitVRBigEndian.IsLittleEndian);
        Assert.True(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.IsDeflated);
        Assert.True(DicomTransferSyntax.JPEG2000Lossless.IsEncapsulated);
        Assert.False(DicomTransferSyntax.ExplicitVRLittleEndian.IsEncapsulated);
        Assert.True(DicomTransferSyntax.Lookup("1.2.840.10008.1.2.4.95").IsDeflated);
        Assert.True(DicomTransferSyntax.Lookup("1.3.6.1.4.1.99999.1").IsEncapsulated); // an unknown one: PS3.5's rules for others
        Assert.Equal(56, DicomTransferSyntax.Registered.Count());
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.110", "JPEGXLLossless", true, false)]
    [InlineData("1.2.840.10008.1.2.4.111", "JPEGXLJPEGRecompression", true, false)]
    [InlineData("1.2.840.10008.1.2.4.112", "JPEGXL", true, false)]
    [InlineData("1.2.840.10008.1.2.4.201", "HTJ2KLossless", true, false)]
    [InlineData("1.2.840.10008.1.2.4.202", "HTJ2KLosslessRPCL", true, false)]
    [InlineData("1.2.840.10008.1.2.4.203", "HTJ2K", true, false)]
    [InlineData("1.2.840.10008.1.2.4.204", "JPIPHTJ2KReferenced", false, false)]
    [InlineData("1.2.840.10008.1.2.4.205", "JPIPHTJ2KReferencedDeflate", false, true)]
    [InlineData("1.2.840.10008.1.2.8.1", "DeflatedImageFrameCompression", true, false)]
    public void Transfer_syntaxes_added_since_2022_are_registered_with_their_encoding(string uid, string keyword, bool encapsulated, bool deflated)
    {
        var syntax = DicomTransferSyntax.Lookup(uid);

        Assert.Equal(keyword, syntax.Uid.Keyword);
        Assert.Equal(DicomUidType.TransferSyntax, syntax.Uid.Type);
        Assert.False(syntax.IsRetired);
        Assert.Equal((true, true, encapsulated, deflated), (syntax.IsExplicitVR, syntax.IsLittleEndian, syntax.IsEncapsulated, syntax.IsDeflated));
        Assert.Contains(syntax, DicomTransferSyntax.Registered);
    }

    [Fact]
    public void Value_representations_carry_their_rules()
    {
        Assert.True(DicomVR.OB.HasLongExplicitLength);
        Assert.True(DicomVR.UC.HasLongExplicitLength);
        Assert.False(DicomVR.LO.HasLongExplicitLength);
        Assert.Equal((byte)0, DicomVR.UI.PaddingByte);
        Assert.Equal((byte)' ', DicomVR.PN.PaddingByte);
        Assert.Equal(8, DicomVR.FD.UnitSize);
        Assert.True(DicomVR.PN.IsCharacterSetDependent);
        Assert.False(DicomVR.CS.IsCharacterSetDependent);
        Assert.False(DicomVR.LT.IsMultiValued);
        Assert.Equal(34, DicomVR.All.Count);
    }

    [Theory]
    [InlineData("(0010,0010)")]
    [InlineData("0010,0010")]
    [InlineData("00100010")]
    [InlineData("PatientName")]
    public void Tags_parse_from_their_notations(string text) => Assert.Equal(DicomTag.PatientName, DicomTag.Parse(text));

    [Fact]
    public void Private_tags_know_their_creator_slot()
    {
        var tag = new DicomTag(0x0029, 0x1310);

        Assert.True(tag.IsPrivate && tag.IsPrivateData);
        Assert.Equal(new DicomTag(0x0029, 0x0013), tag.PrivateCreatorTag);
        Assert.True(new DicomTag(0x0029, 0x0013).IsPrivateCreator);
        Assert.Equal("(0029,1310)", tag.ToString());
        Assert.Equal("00291310", tag.ToString("X", null));
    }
}
