using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.Dicom.Tests.Fuzz;

namespace CloudRisPacs.Dicom.Tests.IO;

public sealed class StreamingTests
{
    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small.dcm")]
    [InlineData("MR_small_bigendian.dcm")]
    [InlineData("JPEG2000.dcm")]
    [InlineData("image_dfl.dcm")]
    public void A_header_only_read_stops_at_pixel_data_and_says_how_many_bytes_it_needed(string name)
    {
        var bytes = File.ReadAllBytes(CorpusFiles.Sample(name));
        var full = DicomFileReader.Read(bytes);

        var header = DicomFileReader.Read(new NonSeekableStream(bytes, 997), new DicomReaderOptions { StopBeforePixelData = true });

        Assert.True(header.ReadResult.StoppedBeforeTag);
        Assert.False(header.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal(full.Dataset.Count(e => e.Tag < DicomTag.PixelData), header.Dataset.Count);
        if (!full.TransferSyntax.IsDeflated)
        {
            // The bytes needed end where the Pixel Data header starts: a ranged read of that many bytes suffices.
            var prefix = DicomFileReader.Read(bytes.AsMemory(0, (int)header.ReadResult.BytesConsumed), new DicomReaderOptions { StopBeforePixelData = true });
            DatasetAssert.Equivalent(header.Dataset, prefix.Dataset, vrFromDictionary: false, name);
            var group = bytes.AsSpan((int)header.ReadResult.BytesConsumed, 2).ToArray();
            Assert.Equal(full.TransferSyntax.IsLittleEndian ? new byte[] { 0xE0, 0x7F } : [0x7F, 0xE0], group);
        }
    }

    [Fact]
    public void A_truncated_file_can_still_be_read_up_to_its_pixel_data()
    {
        var header = DicomFileReader.Read(CorpusFiles.Sample("MR_truncated.dcm"), new DicomReaderOptions { StopBeforePixelData = true });

        Assert.Equal("CompressedSamples^MR1", header.Dataset.GetString(DicomTag.PatientName));
        Assert.Throws<DicomParseException>(() => DicomFileReader.Read(CorpusFiles.Sample("MR_truncated.dcm")));
    }

    [Theory]
    [InlineData("CT_small.dcm", "1.2.840.10008.1.2.1")]
    [InlineData("MR_small_bigendian.dcm", "1.2.840.10008.1.2")]
    [InlineData("rtplan.dcm", "1.2.840.10008.1.2.1.99")]
    [InlineData("JPEG2000.dcm", "1.2.840.10008.1.2.4.91")]
    public async Task A_network_stream_is_copied_to_a_file_chunk_by_chunk_with_a_header_kept(string name, string targetUid)
    {
        var file = DicomFileReader.Read(CorpusFiles.Sample(name));
        var sourceBytes = DicomDatasetWriter.Encode(file.Dataset, file.TransferSyntax);
        var target = DicomTransferSyntax.Lookup(targetUid);
        using var output = new MemoryStream();

        var result = await DicomFileWriter.WriteFromStreamAsync(
            output,
            new NonSeekableStream(sourceBytes, 1400),
            file.TransferSyntax,
            file.Dataset.GetString(DicomTag.SOPClassUID)!,
            file.Dataset.GetString(DicomTag.SOPInstanceUID)!);

        var written = DicomFileReader.Read(output.ToArray());
        DatasetAssert.Equivalent(file.Dataset, written.Dataset, vrFromDictionary: false, name);
        Assert.Equal(file.Dataset.GetString(DicomTag.PatientName), result.Header.GetString(DicomTag.PatientName));
        Assert.False(result.Header.Contains(DicomTag.PixelData));

        // Transcoding while copying (pixel data is never transcoded between compressed syntaxes).
        using var transcoded = new MemoryStream();
        var copy = await DicomStreamCopier.CopyAsync(new NonSeekableStream(sourceBytes, 777), file.TransferSyntax, transcoded, target);
        var back = DicomDatasetReader.Read(transcoded.ToArray(), target);
        DatasetAssert.Equivalent(file.Dataset, back.Dataset, vrFromDictionary: !target.IsExplicitVR, $"{name} to {target.Uid.Name}");
        Assert.Equal(transcoded.Length, target.IsDeflated ? transcoded.Length : copy.BytesWritten);
    }

    [Fact]
    public void Copying_compressed_pixel_data_into_a_native_syntax_is_refused()
    {
        var file = DicomFileReader.Read(CorpusFiles.Sample("JPEG2000.dcm"));
        var bytes = DicomDatasetWriter.Encode(file.Dataset, file.TransferSyntax);

        Assert.Throws<ArgumentException>(() => DicomStreamCopier.Copy(new MemoryStream(bytes), file.TransferSyntax, new MemoryStream(), DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Throws<InvalidOperationException>(() => DicomDatasetWriter.Encode(file.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void The_parser_can_be_fed_one_byte_at_a_time()
    {
        var bytes = File.ReadAllBytes(CorpusFiles.Sample("rtplan.dcm"));
        var whole = DicomFileReader.Read(bytes);

        var trickled = DicomFileReader.Read(new NonSeekableStream(bytes, 1));

        DatasetAssert.Equivalent(whole.Dataset, trickled.Dataset, vrFromDictionary: false, "one byte per read");
    }
}
