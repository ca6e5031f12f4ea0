using System.Buffers;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.Storage;

/// <summary>
/// Writes a received C-STORE data set as a Part 10 file: preamble, File Meta Information (Source AE Title = the
/// calling AE) and the data set exactly as it arrived, whatever its transfer syntax. On the way the header is parsed
/// (up to Pixel Data) both to check that this is a data set at all and to hand the caller its attributes for indexing.
/// Memory stays at one buffer whatever the size of the data set.
/// </summary>
public static class DicomPart10Sink
{
    private const int BufferSize = 256 * 1024;

    /// <summary>
    /// Copies the request's data set into <paramref name="destination"/> (which the caller flushes and fsyncs). Throws
    /// <see cref="DicomServiceException"/> with 0xC000 (cannot understand) when the header is not a readable data set.
    /// </summary>
    public static async Task<DicomStoredInstance> WriteAsync(Stream destination, DicomStoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(request);
        var meta = new DicomDataset().SetString(DicomTag.SourceApplicationEntityTitle, request.Association.CallingAeTitle);
        long length = await DicomFileWriter.WriteHeaderAsync(destination, request.TransferSyntax, request.SopClassUid, request.SopInstanceUid, meta, cancellationToken).ConfigureAwait(false);

        // Deflated data sets are stored deflated, as received; their header is not parsed here.
        var header = new DicomDatasetBuilder { SkipPixelData = true, MaxRetainedValueLength = DicomStreamCopier.DefaultRetainedValueLength };
        var parser = request.TransferSyntax.IsDeflated ? null : new DicomParser(request.TransferSyntax, header, new DicomReaderOptions { StopBeforePixelData = true });
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var pending = 0;
            while (true)
            {
                var read = await request.DataSet.ReadAsync(buffer.AsMemory(pending, buffer.Length - pending), cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    await destination.WriteAsync(buffer.AsMemory(pending, read), cancellationToken).ConfigureAwait(false);
                    length += read;
                }

                pending += read;
                if (parser is not null)
                {
                    pending = Parse(ref parser, buffer, pending, isFinal: read == 0);
                }
                else
                {
                    pending = 0;
                }

                if (read == 0)
                {
                    return new DicomStoredInstance(header.Dataset, length);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses what is buffered; returns how many bytes stay buffered (0 once the header is done).</summary>
    private static int Parse(ref DicomParser? parser, byte[] buffer, int pending, bool isFinal)
    {
        DicomParseStatus status;
        int consumed;
        try
        {
            status = parser!.Parse(buffer.AsSpan(0, pending), isFinal, out consumed);
        }
        catch (DicomParseException ex)
        {
            throw new DicomServiceException(DicomStatus.CannotUnderstand, $"The data set cannot be read: {ex.Message}", ex);
        }

        if (status != DicomParseStatus.NeedMoreData)
        {
            parser = null;
            return 0;
        }

        buffer.AsSpan(consumed, pending - consumed).CopyTo(buffer);
        return pending - consumed;
    }
}
