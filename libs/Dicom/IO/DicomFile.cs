namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// A DICOM file (PS3.10): the 128-byte preamble, File Meta Information (group 0002) and the data set. Read with
/// <see cref="DicomFileReader"/>, write with <see cref="DicomFileWriter"/>.
/// </summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset dataset, DicomDataset? fileMetaInformation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dataset = dataset;
        FileMetaInformation = fileMetaInformation ?? new DicomDataset();
    }

    /// <summary>The File Meta Information (group 0002); empty for a file read without one.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The preamble as read (128 bytes), empty when the file had none.</summary>
    public ReadOnlyMemory<byte> Preamble { get; init; }

    /// <summary>The transfer syntax the data set was read in (from the meta information or, without it, sniffed).</summary>
    public DicomTransferSyntax TransferSyntax { get; init; } = DicomTransferSyntax.ExplicitVRLittleEndian;

    /// <summary>How the file was laid out.</summary>
    public DicomFileLayout Layout { get; init; } = DicomFileLayout.Part10;

    /// <summary>What reading tolerated.</summary>
    public IReadOnlyList<DicomReadWarning> Warnings { get; init; } = [];

    /// <summary>
    /// Where reading ended: for a header-only read, <see cref="DicomReadResult.BytesConsumed"/> is the offset of the
    /// Pixel Data header, i.e. how many bytes of the file were needed. (For deflated files it counts inflated bytes
    /// after the File Meta Information.)
    /// </summary>
    public DicomReadResult ReadResult { get; init; }
}
