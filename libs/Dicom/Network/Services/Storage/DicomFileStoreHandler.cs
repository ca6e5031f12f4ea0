using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.Storage;

/// <summary>
/// A storage SCP that writes each instance as a Part 10 file (data set as received) to a folder: written to a
/// temporary name, its data flushed to disk, renamed, and the folder flushed too, so that a file under its final name
/// is always complete and the rename survives a crash. Success is answered only after both flushes; stores that finish
/// together share one folder flush. A full disk answers 0xA700 (out of resources); an unreadable data set 0xC000.
/// </summary>
public sealed class DicomFileStoreHandler : ICStoreHandler
{
    private readonly DicomFileStoreOptions options;
    private readonly DirectoryFlushGroup directoryFlush;

    public DicomFileStoreHandler(DicomFileStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        Directory.CreateDirectory(options.Directory);
        directoryFlush = new DirectoryFlushGroup(options.Directory);
    }

    /// <summary>Raised after an instance is durably stored (for tests and simple indexing).</summary>
    public event EventHandler<DicomStoredInstance>? Stored;

    public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = options.FileName?.Invoke(request) ?? SafeName(request.SopInstanceUid) + ".dcm";
        var path = Path.Combine(options.Directory, name);
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".part";
        try
        {
            DicomStoredInstance stored;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                stored = await DicomPart10Sink.WriteAsync(file, request, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (options.FlushToDisk)
                {
                    DurableFile.FlushData(file);
                }
            }

            File.Move(temporary, path, overwrite: true);
            if (options.FlushToDisk)
            {
                await directoryFlush.FlushAsync().ConfigureAwait(false);
            }

            Stored?.Invoke(this, stored);
            return DicomStatus.Success;
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            Delete(temporary);
            throw new DicomServiceException(DicomStatus.OutOfResources, $"The instance could not be written: {ex.Message}", ex);
        }
        catch
        {
            Delete(temporary);
            throw;
        }
    }

    // A UID is digits and dots; anything else a peer sends is not allowed to reach the file system.
    private static string SafeName(string uid)
    {
        var clean = new string(uid.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray()).Trim('.');
        return clean.Length > 0 ? clean : "instance-" + Guid.NewGuid().ToString("N");
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Nothing more can be done about a partial file that cannot be deleted; it keeps its .part name.
        }
    }
}
