using CloudRisPacs.Core.Storage;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// Reads a stored instance's header with ranged blob reads, never the pixel data: first the announced header length
/// (or a default), then twice as much while the header is cut short, up to a limit.
/// </summary>
public sealed class DicomHeaderLoader(IBlobStore blobs, int firstReadBytes, int maxHeaderBytes)
{
    public async Task<LoadedHeader> LoadAsync(string container, string blobPath, long? announcedHeaderLength, long blobLength,
        CancellationToken cancellationToken)
    {
        var length = announcedHeaderLength is { } announced and > 0 ? (int)Math.Min(announced + 16, maxHeaderBytes) : firstReadBytes;
        while (true)
        {
            var bytes = await blobs.ReadRangeAsync(container, blobPath, 0, length, cancellationToken).ConfigureAwait(false);
            var complete = bytes.Length < length || (blobLength > 0 && bytes.Length >= blobLength);
            try
            {
                var file = DicomFileReader.Read(bytes, new DicomReaderOptions { StopBeforePixelData = true, InputLength = complete ? bytes.Length : null });
                if (file.ReadResult.StoppedBeforeTag || complete)
                {
                    return new LoadedHeader(file, bytes.Length);
                }
            }
            catch (DicomParseException) when (!complete)
            {
                // The header goes on past what was read: read more below.
            }
            catch (DicomParseException ex)
            {
                throw new InvalidDataException($"Blob '{blobPath}' is not a readable DICOM file: {ex.Message}", ex);
            }

            if (length >= maxHeaderBytes)
            {
                throw new InvalidDataException($"The header of blob '{blobPath}' is larger than {maxHeaderBytes} bytes without reaching the pixel data.");
            }

            length = (int)Math.Min((long)length * 2, maxHeaderBytes);
        }
    }
}

/// <summary>A header read from a blob and how many bytes it took.</summary>
public sealed record LoadedHeader(DicomFile File, int BytesRead)
{
    public DicomDataset Dataset => File.Dataset;
}
