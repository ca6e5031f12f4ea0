using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Json;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.Dicom.Tests.Fuzz;

namespace CloudRisPacs.Dicom.Tests.IO;

/// <summary>Broken but recoverable input is read with a warning; broken beyond repair gives DicomParseException.</summary>
public sealed class TolerantReadingTests
{
    private static readonly DicomTransferSyntax Explicit = DicomTransferSyntax.ExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax Implicit = DicomTransferSyntax.ImplicitVRLittleEndian;

    [Fact]
    public void An_odd_length_is_kept_with_a_warning_and_written_back_padded()
    {
        var bytes = new Bytes().Explicit(0x0010, 0x0020, "LO", "ABC").ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        Assert.Equal("ABC", read.Dataset.GetString(DicomTag.PatientID));
        Assert.Contains(read.Warnings, w => w.Message.Contains("odd value length", StringComparison.Ordinal));
        Assert.Equal(new Bytes().Explicit(0x0010, 0x0020, "LO", "ABC ").ToArray(), DicomDatasetWriter.Encode(read.Dataset, Explicit));
    }

    [Fact]
    public void A_number_value_that_is_no_whole_number_of_values_is_a_value_exception_not_its_first_values()
    {
        // PS3.5 7.1.1: a US value of 3 bytes is malformed; which value the stray byte belonged to is unknown.
        var bytes = new Bytes()
            .Explicit(0x0011, 0x0010, "LO", "TEST")
            .Explicit(0x0011, 0x1001, "US", [1, 2, 3])
            .Explicit(0x0011, 0x1002, "SS", [1])
            .Explicit(0x0011, 0x1003, "UL", [1, 0, 0, 0, 2, 0])
            .Explicit(0x0011, 0x1004, "US", [16, 0])
            .ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        var error = Assert.Throws<DicomValueException>(() => read.Dataset.GetNumber<int>(new DicomTag(0x0011, 0x1001)));
        Assert.Contains("3 bytes", error.Message, StringComparison.Ordinal);
        Assert.Throws<DicomValueException>(() => read.Dataset.GetNumbers<int>(new DicomTag(0x0011, 0x1001)));
        Assert.Throws<DicomValueException>(() => read.Dataset.GetNumber<int>(new DicomTag(0x0011, 0x1002)));
        Assert.Throws<DicomValueException>(() => read.Dataset.GetNumbers<int>(new DicomTag(0x0011, 0x1002)));
        Assert.Throws<DicomValueException>(() => read.Dataset.GetNumbers<long>(new DicomTag(0x0011, 0x1003)));
        Assert.Equal(16, read.Dataset.GetNumber<int>(new DicomTag(0x0011, 0x1004)));
        Assert.Contains("\"InlineBinary\":\"AQID\"", DicomJsonWriter.Serialize(read.Dataset), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pixel_representation_that_is_no_whole_number_of_values_leaves_US_or_SS_unresolved_instead_of_throwing()
    {
        var read = DicomDatasetReader.Read(new Bytes().Explicit(0x0028, 0x0103, "US", [1, 0, 0]).ToArray(), Explicit);

        read.Dataset.SetNumber(DicomTag.SmallestImagePixelValue, 5);

        Assert.Equal(5, read.Dataset.GetNumber<int>(DicomTag.SmallestImagePixelValue));
    }

    [Fact]
    public void An_element_in_implicit_VR_inside_an_explicit_data_set_is_read_with_a_warning()
    {
        var bytes = new Bytes()
            .Explicit(0x0008, 0x0060, "CS", "CT")
            .Implicit(0x0010, 0x0020, "ID1 ")
            .Explicit(0x0010, 0x0040, "CS", "F ")
            .ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        Assert.Equal("ID1", read.Dataset.GetString(DicomTag.PatientID));
        Assert.Equal(DicomVR.LO, read.Dataset.GetEntry(DicomTag.PatientID)!.VR);
        Assert.Equal("F", read.Dataset.GetString(DicomTag.PatientSex));
        Assert.Single(read.Warnings);
    }

    [Fact]
    public void An_unknown_VR_code_is_read_as_UN_with_a_long_length()
    {
        var bytes = new Bytes().ExplicitHeader(0x0011, 0x1001, "ZZ", 2).Raw(1, 2).Explicit(0x0011, 0x1002, "US", new byte[] { 5, 0 }).ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        Assert.Equal(DicomVR.UN, read.Dataset.GetEntry(new DicomTag(0x0011, 0x1001))!.VR);
        Assert.Equal(5, read.Dataset.GetNumber<int>(new DicomTag(0x0011, 0x1002)));
        Assert.Contains(read.Warnings, w => w.Message.Contains("unknown VR 'ZZ'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_data_set_in_implicit_VR_under_an_explicit_transfer_syntax_is_detected()
    {
        var bytes = new Bytes().Implicit(0x0008, 0x0060, "MR").Implicit(0x0010, 0x0020, "ID1 ").ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        Assert.Equal("MR", read.Dataset.GetString(DicomTag.Modality));
        Assert.Equal("ID1", read.Dataset.GetString(DicomTag.PatientID));
        Assert.Contains(read.Warnings, w => w.Message.Contains("implicit VR", StringComparison.Ordinal));
    }

    [Fact]
    public void UN_of_undefined_length_holds_a_sequence_in_implicit_VR()
    {
        var item = new Bytes().Implicit(0x0008, 0x1150, "1.2.3\0").ToArray();
        var bytes = new Bytes()
            .ExplicitHeader(0x0008, 0x1115, "UN", 0xFFFFFFFF)
            .Item((uint)item.Length).Raw(item)
            .SequenceEnd()
            .Explicit(0x0010, 0x0020, "LO", "ID")
            .ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        var sequence = read.Dataset.GetSequence(DicomTag.ReferencedSeriesSequence)!;
        Assert.Equal("1.2.3", sequence.Items[0].GetString(DicomTag.ReferencedSOPClassUID));
        Assert.Equal("ID", read.Dataset.GetString(DicomTag.PatientID));
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void Missing_delimiters_at_the_end_of_the_input_are_warnings()
    {
        var bytes = new Bytes()
            .ExplicitHeader(0x0008, 0x1115, "SQ", 0xFFFFFFFF)
            .Item()
            .Explicit(0x0008, 0x1150, "UI", "1.2\0")
            .ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        Assert.Equal("1.2", read.Dataset.GetFirstItem(DicomTag.ReferencedSeriesSequence)!.GetString(DicomTag.ReferencedSOPClassUID));
        Assert.Equal(2, read.Warnings.Count(w => w.Message.Contains("before the delimiter", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_sequence_delimiter_closes_an_undelimited_item()
    {
        var bytes = new Bytes()
            .ExplicitHeader(0x0008, 0x1115, "SQ", 0xFFFFFFFF)
            .Item()
            .Explicit(0x0008, 0x1150, "UI", "1.2\0")
            .SequenceEnd()
            .Explicit(0x0010, 0x0020, "LO", "ID")
            .ToArray();

        var read = DicomDatasetReader.Read(bytes, Explicit);

        Assert.Single(read.Dataset.GetSequence(DicomTag.ReferencedSeriesSequence)!.Items);
        Assert.Equal("ID", read.Dataset.GetString(DicomTag.PatientID));
        Assert.Single(read.Warnings);
    }

    [Fact]
    public void A_value_longer_than_the_input_is_a_parse_exception()
    {
        var bytes = new Bytes().ExplicitHeader(0x7FE0, 0x0010, "OW", 1000).Raw(new byte[10]).ToArray();

        var error = Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(bytes, Explicit));

        Assert.Equal(DicomTag.PixelData, error.Tag);
        Assert.Equal(0, error.Offset);
        var streamed = Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(new NonSeekableStream(bytes, 3), Explicit));
        Assert.Contains("ends inside a value", streamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_above_the_configured_limit_is_a_parse_exception_before_anything_is_allocated()
    {
        var bytes = new Bytes().ExplicitHeader(0x7FE0, 0x0010, "OW", 0xFFFF_FFF0).ToArray();

        var error = Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(new NonSeekableStream(bytes, 64), Explicit, new DicomReaderOptions { MaxValueLength = 1 << 20 }));

        Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_a_parse_exception()
    {
        var bytes = new Bytes();
        for (var i = 0; i < 100; i++)
        {
            bytes.ExplicitHeader(0x0008, 0x1115, "SQ", 0xFFFFFFFF).Item();
        }

        Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(bytes.ToArray(), Explicit));
    }

    [Fact]
    public void An_item_outside_a_sequence_is_a_parse_exception()
    {
        var bytes = new Bytes().Explicit(0x0010, 0x0020, "LO", "ID").Item(0).ToArray();

        Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(bytes, Explicit));
    }

    [Fact]
    public void Implicit_VR_takes_VRs_from_the_dictionary_and_private_VRs_from_the_creator()
    {
        var bytes = new Bytes()
            .Implicit(0x0019, 0x0010, "GEMS_ACQU_01")
            .Implicit(0x0019, 0x1013, new byte[] { 0xFE, 0xFF })
            .Implicit(0x0028, 0x0103, new byte[] { 1, 0 })
            .Implicit(0x0028, 0x0106, new byte[] { 0x9C, 0xFF })
            .ToArray();

        var dataset = DicomDatasetReader.Read(bytes, Implicit).Dataset;

        Assert.Equal(DicomVR.SS, dataset.GetEntry(new DicomTag(0x0019, 0x1013))!.VR);
        Assert.Equal(-2, dataset.GetNumber<int>(new DicomTag(0x0019, 0x1013)));
        Assert.Equal(DicomVR.SS, dataset.GetEntry(DicomTag.SmallestImagePixelValue)!.VR);
        Assert.Equal(-100, dataset.GetNumber<int>(DicomTag.SmallestImagePixelValue));
    }

    [Fact]
    public void A_deflated_data_set_with_a_zlib_header_is_read_with_a_warning_and_corrupt_deflate_is_a_parse_exception()
    {
        var plain = new Bytes().Explicit(0x0010, 0x0020, "LO", "ID1 ").ToArray();
        using var zlib = new MemoryStream();
        using (var compressor = new System.IO.Compression.ZLibStream(zlib, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(plain);
        }

        var read = DicomDatasetReader.Read(zlib.ToArray(), DicomTransferSyntax.DeflatedExplicitVRLittleEndian);

        Assert.Equal("ID1", read.Dataset.GetString(DicomTag.PatientID));
        Assert.Contains(read.Warnings, w => w.Message.Contains("zlib", StringComparison.Ordinal));
        Assert.Throws<DicomParseException>(() => DicomDatasetReader.Read(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, DicomTransferSyntax.DeflatedExplicitVRLittleEndian));
    }

    [Fact]
    public void Files_pydicom_warns_about_give_our_warning_or_a_clear_exception()
    {
        var wrongVR = DicomFileReader.Read(CorpusFiles.Sample("SC_rgb_jpeg.dcm"));
        Assert.Contains(wrongVR.Warnings, w => w.Message.Contains("implicit VR", StringComparison.Ordinal));

        var badValues = DicomFileReader.Read(CorpusFiles.Sample("badVR.dcm"));
        var invalid = badValues.Dataset.Where(e => e.VR == DicomVR.IS).OfType<DicomElement>()
            .Where(e => e.GetStrings().Any(v => !DicomNumberText.TryParseInteger(v, out _))).ToList();
        Assert.NotEmpty(invalid);
        Assert.All(invalid, e => Assert.Throws<DicomValueException>(() => badValues.Dataset.GetNumber<int>(e.Tag)));

        var noMeta = DicomFileReader.Read(CorpusFiles.Sample("ExplVR_BigEndNoMeta.dcm"));
        Assert.Equal(DicomFileLayout.DatasetOnly, noMeta.Layout);
        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, noMeta.TransferSyntax);
        Assert.Contains(noMeta.Warnings, w => w.Message.Contains("no File Meta Information", StringComparison.Ordinal));

        var missingSyntax = DicomFileReader.Read(CorpusFiles.Sample("meta_missing_tsyntax.dcm"));
        Assert.Contains(missingSyntax.Warnings, w => w.Tag == DicomTag.TransferSyntaxUID);
    }
}
