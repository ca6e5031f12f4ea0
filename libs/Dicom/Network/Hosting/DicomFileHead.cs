using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>What sending a file needs from it: SOP class and instance, transfer syntax, and where the data set starts.</summary>
internal sealed record DicomFileHead(string SopClassUid, string SopInstanceUid, DicomTransferSyntax TransferSyntax, long DataSetOffset)
{
    public static async Task<DicomFileHead> ReadAsync(FileStream file, CancellationToken cancellationToken)
    {
        file.Position = 0;
        var head = await DicomFileReader.ReadAsync(file, new DicomReaderOptions { StopBeforeTag = new DicomTag(0) }, cancellationToken).ConfigureAwait(false);
        var sopClass = head.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID);
        var sopInstance = head.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID);
        var offset = head.ReadResult.BytesConsumed;
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            file.Position = 0;
            var header = await DicomFileReader.ReadAsync(file, new DicomReaderOptions { StopBeforePixelData = true }, cancellationToken).ConfigureAwait(false);
            sopClass = header.Dataset.GetString(DicomTag.SOPClassUID);
            sopInstance = header.Dataset.GetString(DicomTag.SOPInstanceUID);
        }

        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            throw new DicomNetworkException($"'{file.Name}' has no SOP Class UID and SOP Instance UID; it cannot be sent.");
        }

        return new DicomFileHead(sopClass, sopInstance, head.TransferSyntax, offset);
    }
}
