using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>What sending a file needs from it: SOP class and instance, transfer syntax, and where the data set starts.</summary>
internal sealed record DicomFileHead(string SopClassUid, string SopInstanceUid, DicomTransferSyntax TransferSyntax, long DataSetOffset)
{
    private static readonly DicomTag AfterSopInstanceUid = new(0x0008, 0x0019);

    /// <summary>
    /// Reads the head of a file. The SOP class and instance come from the data set (the C-STORE command must agree with
    /// it; some files' meta information does not), falling back to the File Meta Information.
    /// </summary>
    public static async Task<DicomFileHead> ReadAsync(FileStream file, CancellationToken cancellationToken)
    {
        file.Position = 0;
        var start = await DicomFileReader.ReadAsync(file, new DicomReaderOptions { StopBeforeTag = new DicomTag(0) }, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        var identity = await DicomFileReader.ReadAsync(file, new DicomReaderOptions { StopBeforeTag = AfterSopInstanceUid }, cancellationToken).ConfigureAwait(false);
        var sopClass = Text(identity.Dataset, DicomTag.SOPClassUID) ?? Text(identity.FileMetaInformation, DicomTag.MediaStorageSOPClassUID);
        var sopInstance = Text(identity.Dataset, DicomTag.SOPInstanceUID) ?? Text(identity.FileMetaInformation, DicomTag.MediaStorageSOPInstanceUID);
        if (sopClass is null || sopInstance is null)
        {
            throw new DicomNetworkException($"'{file.Name}' has no SOP Class UID and SOP Instance UID; it cannot be sent.");
        }

        return new DicomFileHead(sopClass, sopInstance, start.TransferSyntax, start.ReadResult.BytesConsumed);
    }

    private static string? Text(DicomDataset dataset, DicomTag tag) => dataset.GetString(tag) is { Length: > 0 } text ? text : null;
}
