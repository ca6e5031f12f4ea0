using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Edge.Storage;

namespace CloudRisPacs.Edge.Spool;

/// <summary>
/// What the spool writes into each file's File Meta Information besides the standard identity, and how an index row is
/// read back from a file: the file alone is enough to rebuild its row after a power loss took the row.
/// </summary>
public static class SpoolFileIndex
{
    /// <summary>Sending (0002,0017), Receiving (0002,0018) and Source (0002,0016) AE titles of the association.</summary>
    public static DicomDataset MetaFor(string? callingAeTitle, string? calledAeTitle)
    {
        var meta = new DicomDataset();
        if (!string.IsNullOrWhiteSpace(callingAeTitle))
        {
            meta.SetString(DicomTag.SourceApplicationEntityTitle, callingAeTitle.Trim());
            meta.SetString(DicomTag.SendingApplicationEntityTitle, callingAeTitle.Trim());
        }

        if (!string.IsNullOrWhiteSpace(calledAeTitle))
        {
            meta.SetString(DicomTag.ReceivingApplicationEntityTitle, calledAeTitle.Trim());
        }

        return meta;
    }

    /// <summary>
    /// The index row of a spooled file, from its meta information and header (pixel data is not read).
    /// Throws <see cref="DicomParseException"/> when the file cannot be read or lacks an identifying UID.
    /// </summary>
    public static SpoolEntry Read(string path, DateTimeOffset receivedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = DicomFileReader.Read(path, new DicomReaderOptions { StopBeforePixelData = true });
        var meta = file.FileMetaInformation;
        string Required(DicomDataset dataset, DicomTag tag, string name) =>
            dataset.GetString(tag)?.Trim() is { Length: > 0 } value
                ? value
                : throw new DicomParseException($"{Path.GetFileName(path)} has no {name}.");

        return new SpoolEntry(
            Path.GetFileName(path),
            Required(meta, DicomTag.MediaStorageSOPInstanceUID, "Media Storage SOP Instance UID"),
            Required(meta, DicomTag.MediaStorageSOPClassUID, "Media Storage SOP Class UID"),
            Required(file.Dataset, DicomTag.StudyInstanceUID, "Study Instance UID"),
            Required(file.Dataset, DicomTag.SeriesInstanceUID, "Series Instance UID"),
            file.TransferSyntax.Uid.Value,
            file.Dataset.GetString(DicomTag.PatientID)?.Trim(),
            new FileInfo(path).Length,
            (meta.GetString(DicomTag.SendingApplicationEntityTitle) ?? meta.GetString(DicomTag.SourceApplicationEntityTitle))?.Trim(),
            meta.GetString(DicomTag.ReceivingApplicationEntityTitle)?.Trim(),
            Guid.NewGuid().ToString("N"),
            receivedAt);
    }
}
