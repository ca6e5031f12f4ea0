using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Tests.Corpus;

namespace CloudRisPacs.Dicom.Tests.IO;

/// <summary>Every readable corpus file, written in every transfer syntax it can take and read back, is unchanged.</summary>
public sealed class RoundTripTests
{
    public static IEnumerable<object[]> ReadableFiles => CorpusFiles.Relative
        .Where(row => IntentionalDifferences.ExpectedOutcome((string)row[0]) == ExpectedOutcome.Comparable);

    /// <summary>The uncompressed syntaxes for native files; an encapsulated file keeps its own (pixel data is never transcoded).</summary>
    public static IReadOnlyList<DicomTransferSyntax> TargetsFor(DicomTransferSyntax source) => source.IsEncapsulated
        ? [source]
        :
        [
            DicomTransferSyntax.ImplicitVRLittleEndian,
            DicomTransferSyntax.ExplicitVRLittleEndian,
            DicomTransferSyntax.ExplicitVRBigEndian,
            DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
        ];

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Write_then_read_is_equal_in_every_transfer_syntax(string relativePath)
    {
        var original = DicomFileReader.Read(CorpusFiles.PathOf(relativePath));
        if (!original.Dataset.Contains(DicomTag.SOPClassUID))
        {
            // A DICOMDIR or a bare data set without SOP identity cannot get File Meta Information; round-trip the data set alone.
            foreach (var syntax in TargetsFor(original.TransferSyntax))
            {
                var bytes = DicomDatasetWriter.Encode(original.Dataset, syntax);
                var back = DicomDatasetReader.Read(bytes, syntax);
                DatasetAssert.Equivalent(original.Dataset, back.Dataset, !syntax.IsExplicitVR, $"{relativePath} as {syntax.Uid.Name}");
            }

            return;
        }

        foreach (var syntax in TargetsFor(original.TransferSyntax))
        {
            foreach (var defined in new[] { false, true })
            {
                using var stream = new MemoryStream();
                DicomFileWriter.Write(stream, original, syntax, new DicomWriterOptions { UseDefinedLengths = defined });
                var back = DicomFileReader.Read(stream.ToArray());

                var because = $"{relativePath} as {syntax.Uid.Name}{(defined ? " with defined lengths" : string.Empty)}";
                Assert.Equal(syntax, back.TransferSyntax);
                Assert.True(back.Warnings.Count == 0, $"{because}: reading our own output gave warnings: {string.Join("; ", back.Warnings)}");
                DatasetAssert.Equivalent(original.Dataset, back.Dataset, !syntax.IsExplicitVR, because);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public async Task Async_read_and_write_equal_the_synchronous_ones(string relativePath)
    {
        var path = CorpusFiles.PathOf(relativePath);
        var sync = DicomFileReader.Read(path);
        var async = await DicomFileReader.ReadAsync(path);
        DatasetAssert.Equivalent(sync.Dataset, async.Dataset, vrFromDictionary: false, $"{relativePath} read asynchronously");

        var syncBytes = DicomDatasetWriter.Encode(sync.Dataset, TargetsFor(sync.TransferSyntax)[0]);
        using var asyncStream = new MemoryStream();
        await DicomDatasetWriter.WriteAsync(sync.Dataset, asyncStream, TargetsFor(sync.TransferSyntax)[0]);
        Assert.Equal(syncBytes, asyncStream.ToArray());
    }
}
