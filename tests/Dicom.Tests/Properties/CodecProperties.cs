using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.Dicom.Tests.Fuzz;
using CloudRisPacs.Dicom.Tests.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Dicom.Tests.Properties;

/// <summary>Property tests of the codecs: any valid data set survives every transfer syntax; any split of the input reads the same.</summary>
public sealed class CodecProperties
{
    private static readonly DicomTransferSyntax[] Syntaxes =
    [
        DicomTransferSyntax.ImplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRBigEndian,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    ];

    [Property(MaxTest = 200)]
    public Property Any_data_set_is_unchanged_by_writing_and_reading_in_every_transfer_syntax() =>
        Prop.ForAll(Generators.Dataset().Zip(Gen.Elements(Syntaxes)).Zip(Gen.Elements(true, false)).ToArbitrary(), sample =>
        {
            var ((dataset, syntax), defined) = sample;
            var bytes = DicomDatasetWriter.Encode(dataset, syntax, new DicomWriterOptions { UseDefinedLengths = defined });
            var read = DicomDatasetReader.Read(bytes, syntax);
            var differences = DatasetAssert.Differences(dataset, read.Dataset, vrFromDictionary: !syntax.IsExplicitVR);
            return (differences.Count == 0 && read.Warnings.Count == 0).Label($"{syntax.Uid.Name}: {string.Join("; ", differences)} {string.Join("; ", read.Warnings)}");
        });

    [Property(MaxTest = 100)]
    public Property Reading_in_chunks_of_any_size_equals_reading_at_once() =>
        Prop.ForAll(Gen.Elements(ChunkSamples).Zip(Gen.Choose(1, 5000)).ToArbitrary(), sample =>
        {
            var (name, chunk) = sample;
            var bytes = File.ReadAllBytes(CorpusFiles.Sample(name));
            var whole = DicomFileReader.Read(bytes);
            var chunked = DicomFileReader.Read(new NonSeekableStream(bytes, chunk));
            return DatasetAssert.Differences(whole.Dataset, chunked.Dataset, vrFromDictionary: false).Count == 0;
        });

    private static readonly string[] ChunkSamples = ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm", "JPEG2000.dcm", "image_dfl.dcm", "nested_priv_SQ.dcm", "UN_sequence.dcm", "SC_rgb_rle_16bit.dcm"];
}
