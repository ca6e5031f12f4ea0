namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Writes DICOM files (PS3.10): a zero preamble, <c>DICM</c>, File Meta Information in explicit VR little endian with
/// its group length computed, then the data set in the transfer syntax. The meta information is built from the data
/// set (SOP Class and Instance UID) and the transfer syntax; other meta elements given (Source AE Title, ...) are kept.
/// </summary>
public static class DicomFileWriter
{
    /// <summary>Our implementation class UID (a 2.25 UUID-derived root, PS3.5 B.2).</summary>
    public const string ImplementationClassUid = "2.25.190473602164934236497372153339567226389";

    public const string ImplementationVersionName = "CLOUDRISPACS_1";

    public static void Write(string path, DicomFile file, DicomTransferSyntax? syntax = null, DicomWriterOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, file, syntax, options);
    }

    /// <summary>Writes a file in <paramref name="syntax"/> (default: the file's own transfer syntax).</summary>
    public static void Write(Stream output, DicomFile file, DicomTransferSyntax? syntax = null, DicomWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(file);
        syntax ??= file.TransferSyntax;
        WritePreambleAndMeta(output, CreateFileMetaInformation(file.Dataset, syntax, file.FileMetaInformation));
        DicomDatasetWriter.Write(file.Dataset, output, syntax, options);
    }

    public static async Task WriteAsync(Stream output, DicomFile file, DicomTransferSyntax? syntax = null, DicomWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(file);
        syntax ??= file.TransferSyntax;
        var head = new MemoryStream();
        WritePreambleAndMeta(head, CreateFileMetaInformation(file.Dataset, syntax, file.FileMetaInformation));
        await output.WriteAsync(head.GetBuffer().AsMemory(0, (int)head.Length), cancellationToken).ConfigureAwait(false);
        await DicomDatasetWriter.WriteAsync(file.Dataset, output, syntax, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a file whose data set arrives as a stream (a C-STORE data set from the network), copying it chunk by
    /// chunk (see <see cref="DicomStreamCopier"/>). The meta information comes from <paramref name="sopClassUid"/> and
    /// <paramref name="sopInstanceUid"/> (the C-STORE command's affected SOP class and instance). Returns the header
    /// (the data set without large values) for indexing.
    /// </summary>
    public static async Task<DicomStreamCopyResult> WriteFromStreamAsync(
        Stream output,
        Stream dataset,
        DicomTransferSyntax syntax,
        string sopClassUid,
        string sopInstanceUid,
        DicomDataset? extraMeta = null,
        DicomReaderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentException.ThrowIfNullOrEmpty(sopClassUid);
        ArgumentException.ThrowIfNullOrEmpty(sopInstanceUid);

        await WriteHeaderAsync(output, syntax, sopClassUid, sopInstanceUid, extraMeta, cancellationToken).ConfigureAwait(false);
        return await DicomStreamCopier.CopyAsync(dataset, syntax, output, syntax, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the preamble, <c>DICM</c> and the File Meta Information for a data set that the caller writes next, as it
    /// is, in <paramref name="syntax"/> (a C-STORE data set copied byte for byte from the network). Returns the number of
    /// bytes written.
    /// </summary>
    public static async Task<int> WriteHeaderAsync(Stream output, DicomTransferSyntax syntax, string sopClassUid, string sopInstanceUid, DicomDataset? extraMeta = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentException.ThrowIfNullOrEmpty(sopClassUid);
        ArgumentException.ThrowIfNullOrEmpty(sopInstanceUid);

        // Taken as given (not validated): a modality's slightly malformed UID must not stop the store.
        var identity = new DicomDataset
        {
            new DicomElement(DicomTag.SOPClassUID, DicomVR.UI, DicomElement.Pad(System.Text.Encoding.Latin1.GetBytes(sopClassUid), DicomVR.UI)),
            new DicomElement(DicomTag.SOPInstanceUID, DicomVR.UI, DicomElement.Pad(System.Text.Encoding.Latin1.GetBytes(sopInstanceUid), DicomVR.UI)),
        };
        var head = new MemoryStream();
        WritePreambleAndMeta(head, CreateFileMetaInformation(identity, syntax, extraMeta));
        await output.WriteAsync(head.GetBuffer().AsMemory(0, (int)head.Length), cancellationToken).ConfigureAwait(false);
        return (int)head.Length;
    }

    /// <summary>
    /// The File Meta Information for a data set: version 00 01, Media Storage SOP Class and Instance UID from the data
    /// set (or from <paramref name="existing"/> when the data set lacks them), the transfer syntax and our
    /// implementation identity; any other group 0002 element of <paramref name="existing"/> is kept.
    /// </summary>
    public static DicomDataset CreateFileMetaInformation(DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset? existing = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var meta = new DicomDataset();
        foreach (var entry in existing ?? [])
        {
            if (entry.Tag.Group == 0x0002 && !entry.Tag.IsGroupLength)
            {
                meta.Set(entry);
            }
        }

        meta.SetBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 });
        // The UIDs are copied as they are (a file read with a malformed UID can still be written).
        var sopClass = dataset.GetElement(DicomTag.SOPClassUID) ?? existing?.GetElement(DicomTag.MediaStorageSOPClassUID);
        var sopInstance = dataset.GetElement(DicomTag.SOPInstanceUID) ?? existing?.GetElement(DicomTag.MediaStorageSOPInstanceUID);
        if (sopClass is not { Length: > 0 } || sopInstance is not { Length: > 0 })
        {
            throw new ArgumentException("The data set needs SOP Class UID (0008,0016) and SOP Instance UID (0008,0018) to be written as a file.", nameof(dataset));
        }

        meta.SetBytes(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, sopClass.Value);
        meta.SetBytes(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstance.Value);
        meta.SetString(DicomTag.TransferSyntaxUID, syntax.Uid.Value);
        meta.SetString(DicomTag.ImplementationClassUID, ImplementationClassUid);
        meta.SetString(DicomTag.ImplementationVersionName, ImplementationVersionName);
        return meta;
    }

    private static void WritePreambleAndMeta(Stream output, DicomDataset meta)
    {
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        DicomDatasetWriter.Write(meta, output, DicomTransferSyntax.ExplicitVRLittleEndian);
    }
}
