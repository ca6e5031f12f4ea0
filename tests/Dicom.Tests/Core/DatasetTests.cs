using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Tests.Core;

public sealed class DatasetTests
{
    [Fact]
    public void Entries_stay_in_tag_order_whatever_order_they_are_set_in()
    {
        var dataset = new DicomDataset()
            .SetString(DicomTag.PatientID, "P1")
            .SetString(DicomTag.Modality, "CT")
            .SetPersonName(DicomTag.PatientName, new DicomPersonName("Doe", "Jane"));

        Assert.Equal([DicomTag.Modality, DicomTag.PatientName, DicomTag.PatientID], dataset.Select(e => e.Tag));
    }

    [Fact]
    public void Add_refuses_a_present_tag_and_set_replaces_it()
    {
        var dataset = new DicomDataset().SetString(DicomTag.PatientID, "P1");

        Assert.Throws<ArgumentException>(() => dataset.Add(DicomElement.FromStrings(DicomTag.PatientID, DicomVR.LO, ["P2"])));
        dataset.Set(DicomElement.FromStrings(DicomTag.PatientID, DicomVR.LO, ["P2"]));
        Assert.Equal("P2", dataset.GetString(DicomTag.PatientID));
        Assert.True(dataset.Remove(DicomTag.PatientID));
        Assert.Null(dataset.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Typed_getters_convert_and_report_bad_values()
    {
        var dataset = new DicomDataset()
            .SetNumber(DicomTag.Rows, (ushort)512)
            .SetNumbers(DicomTag.PixelSpacing, 0.5, 0.25)
            .SetNumber(DicomTag.SeriesNumber, 3)
            .SetDate(DicomTag.StudyDate, new DicomDate(2024, 3, 15))
            .SetTime(DicomTag.StudyTime, new DicomTime(14, 30, 5, 120_000, DicomDateTimePrecision.Fraction, 3));
        dataset.Set(new DicomElement(DicomTag.InstanceNumber, DicomVR.IS, "1A"u8.ToArray()));

        Assert.Equal(512, dataset.GetNumber<int>(DicomTag.Rows));
        Assert.Equal([0.5, 0.25], dataset.GetNumbers<double>(DicomTag.PixelSpacing));
        Assert.Equal(0.25m, dataset.GetNumber<decimal>(DicomTag.PixelSpacing, 1));
        Assert.Equal(3L, dataset.GetNumber<long>(DicomTag.SeriesNumber));
        Assert.Null(dataset.GetNumber<int>(DicomTag.Columns));
        Assert.Null(dataset.GetNumber<int>(DicomTag.Rows, 1));
        Assert.Equal(new DateOnly(2024, 3, 15), dataset.GetDate(DicomTag.StudyDate)!.Value.ToDateOnly());
        Assert.Equal("143005.120", dataset.GetString(DicomTag.StudyTime));
        Assert.Throws<DicomValueException>(() => dataset.GetNumber<int>(DicomTag.InstanceNumber));
        Assert.Throws<DicomValueException>(() => dataset.GetNumber<byte>(DicomTag.Rows));
        Assert.Throws<DicomValueException>(() => dataset.GetNumber<int>(DicomTag.PixelSpacing));
        Assert.Throws<DicomValueException>(() => dataset.GetNumber<int>(DicomTag.StudyDate));
    }

    [Theory]
    [InlineData("Modality", "ct")]
    [InlineData("StudyDate", "2024-03-15")]
    [InlineData("StudyInstanceUID", "1.2.03")]
    [InlineData("PatientID", "has\\backslash")]
    [InlineData("AccessionNumber", "SEVENTEEN_CHARS_X")]
    [InlineData("SeriesNumber", "3.5")]
    [InlineData("PatientAge", "45")]
    public void Setters_refuse_values_their_VR_does_not_allow(string keyword, string value)
    {
        var dataset = new DicomDataset();

        Assert.Throws<ArgumentException>(() => dataset.SetString(DicomTag.Parse(keyword), value));
    }

    [Theory]
    [InlineData("StudyDate", "20240101-20241231")]
    [InlineData("StudyDate", "-20241231")]
    [InlineData("StudyTime", "0800-1200")]
    [InlineData("Modality", "C*")]
    public void Setters_accept_query_forms(string keyword, string value)
    {
        var dataset = new DicomDataset().SetString(DicomTag.Parse(keyword), value);

        Assert.Equal(value, dataset.GetString(DicomTag.Parse(keyword)));
    }

    [Fact]
    public void Numbers_that_do_not_fit_the_VR_are_refused()
    {
        var dataset = new DicomDataset();

        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.SetNumber(DicomTag.Rows, 70000));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.SetNumber(DicomTag.Rows, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.SetNumber(DicomTag.SeriesNumber, 1.5));
    }

    [Fact]
    public void Text_is_encoded_with_the_character_set_in_force_and_can_be_re_encoded()
    {
        var dataset = new DicomDataset()
            .SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100")
            .SetPersonName(DicomTag.PatientName, new DicomPersonName("Müller", "Jürgen"));
        Assert.Equal(14, dataset.GetBytes(DicomTag.PatientName)!.Value.Length);

        dataset.ChangeCharacterSet(DicomCharacterSet.Utf8);

        Assert.Equal("ISO_IR 192", dataset.GetString(DicomTag.SpecificCharacterSet));
        Assert.Equal(16, dataset.GetBytes(DicomTag.PatientName)!.Value.Length);
        Assert.Equal("Müller^Jürgen", dataset.GetString(DicomTag.PatientName));
        Assert.Throws<ArgumentException>(() => new DicomDataset().SetPersonName(DicomTag.PatientName, new DicomPersonName("Müller")));
        Assert.Throws<ArgumentException>(() => new DicomDataset().SetString(DicomTag.SpecificCharacterSet, "ISO_IR 999"));
    }

    [Fact]
    public void Private_tags_are_reserved_per_creator_and_found_again()
    {
        var dataset = new DicomDataset().SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "OTHER VENDOR");

        var tag = dataset.ReservePrivateTag("CLOUDRISPACS", 0x0029, 0x01);
        dataset.SetString(tag, DicomVR.LO, "tenant-a");

        Assert.Equal(new DicomTag(0x0029, 0x1101), tag);
        Assert.Equal("CLOUDRISPACS", dataset.GetString(new DicomTag(0x0029, 0x0011)));
        Assert.Equal(tag, dataset.FindPrivateTag("CLOUDRISPACS", 0x0029, 0x01));
        Assert.Equal(tag, dataset.ReservePrivateTag("CLOUDRISPACS", 0x0029, 0x01));
        Assert.Equal("CLOUDRISPACS", dataset.GetPrivateCreator(tag));
        Assert.Null(dataset.FindPrivateTag("UNKNOWN", 0x0029, 0x01));
        Assert.Throws<ArgumentException>(() => dataset.ReservePrivateTag("X", 0x0010, 0x01));
    }

    [Fact]
    public void Private_VRs_come_from_the_private_dictionary_through_the_creator()
    {
        var dataset = new DicomDataset().SetString(new DicomTag(0x0019, 0x0010), DicomVR.LO, "GEMS_ACQU_01");

        dataset.SetNumber(new DicomTag(0x0019, 0x1013), 7);

        Assert.Equal(DicomVR.SS, dataset.GetEntry(new DicomTag(0x0019, 0x1013))!.VR);
        Assert.Throws<ArgumentException>(() => dataset.SetString(new DicomTag(0x0021, 0x1001), "x"));
    }

    [Fact]
    public void Ambiguous_VRs_follow_pixel_representation_up_the_items()
    {
        var dataset = new DicomDataset().SetNumber(DicomTag.PixelRepresentation, (ushort)1);
        var item = new DicomDataset();
        dataset.SetSequence(DicomTag.ReferencedImageSequence, item);

        item.SetNumber(DicomTag.SmallestImagePixelValue, -100);

        Assert.Equal(DicomVR.SS, item.GetEntry(DicomTag.SmallestImagePixelValue)!.VR);
        Assert.Equal(-100, item.GetNumber<int>(DicomTag.SmallestImagePixelValue));
        Assert.Equal(DicomVR.US, new DicomDataset().ResolveVR(DicomTag.SmallestImagePixelValue));
    }

    [Fact]
    public void Sequences_hold_items_that_belong_to_them()
    {
        var dataset = new DicomDataset();
        var sequence = dataset.GetOrAddSequence(DicomTag.ScheduledProcedureStepSequence);
        var item = new DicomDataset().SetString(DicomTag.Modality, "MR");
        sequence.Items.Add(item);

        Assert.Same(dataset, item.Parent);
        Assert.Equal("MR", dataset.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!.GetString(DicomTag.Modality));
        var clone = dataset.Clone();
        clone.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!.SetString(DicomTag.Modality, "CT");
        Assert.Equal("MR", item.GetString(DicomTag.Modality));
        sequence.Items.Remove(item);
        Assert.Null(item.Parent);
    }

    [Fact]
    public void Empty_values_are_for_return_keys()
    {
        var query = new DicomDataset().SetEmpty(DicomTag.PatientName).SetEmpty(DicomTag.ScheduledProcedureStepSequence);

        Assert.Equal(string.Empty, query.GetString(DicomTag.PatientName));
        Assert.Empty(query.GetStrings(DicomTag.PatientName));
        Assert.Empty(query.GetSequence(DicomTag.ScheduledProcedureStepSequence)!.Items);
    }

    [Fact]
    public void A_command_set_encodes_in_implicit_VR_with_its_group_length()
    {
        var echo = new DicomDataset()
            .SetUid(DicomTag.AffectedSOPClassUID, DicomUid.Verification)
            .SetNumber(DicomTag.CommandField, (ushort)0x0030)
            .SetNumber(DicomTag.MessageID, (ushort)1)
            .SetNumber(DicomTag.CommandDataSetType, (ushort)0x0101);

        var bytes = DicomDatasetWriter.Encode(echo, DicomTransferSyntax.ImplicitVRLittleEndian);
        var read = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ImplicitVRLittleEndian).Dataset;

        // (0000,0000) UL: tag 4 + length 4 + value 4, then the group: 8+18 (UID padded) + 3 x (8+2).
        Assert.Equal(12 + 26 + 30, bytes.Length);
        Assert.Equal((uint)(26 + 30), read.GetNumber<uint>(DicomTag.CommandGroupLength));
        Assert.Equal("1.2.840.10008.1.1", read.GetString(DicomTag.AffectedSOPClassUID));
        Assert.Equal((ushort)0x0030, read.GetNumber<ushort>(DicomTag.CommandField));
        Assert.Equal("0000000004000000", Convert.ToHexString(bytes.AsSpan(0, 8)));
    }
}
