using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.Storage;

/// <summary>
/// A storage SCP that writes each instance as a Part 10 file (data set as received) to a folder, through a
/// <see cref="DurablePart10Folder"/>: one flush of the file's own data per instance, and a file under its final name is
/// always complete. Success is answered only after that flush. Files committed just before a crash but not yet renamed
/// are given their names when the handler is created again (<see cref="Recovered"/>). A full disk answers 0xA700 (out
/// of resources); an unreadable data set 0xC000.
/// </summary>
public sealed class DicomFileStoreHandler : ICStoreHandler
{
    private readonly DicomFileStoreOptions options;
    private readonly DurablePart10Folder folder;

    public DicomFileStoreHandler(DicomFileStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        folder = new DurablePart10Folder(options.Directory, new DurablePart10FolderOptions { FlushToDisk = options.FlushToDisk });
    }

    /// <summary>Raised after an instance is durably stored (for tests and simple indexing).</summary>
    public event EventHandler<DicomStoredInstance>? Stored;

    /// <summary>Files in progress found when the folder was opened (committed ones completed, torn ones removed).</summary>
    public DurablePart10Recovery Recovered => folder.Recovered;

    public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = options.FileName?.Invoke(request) ?? SafeName(request.SopInstanceUid) + ".dcm";
        try
        {
            var file = folder.Create(name);
            await using (file.ConfigureAwait(false))
            {
                var stored = await DicomPart10Sink.WriteAsync(file, request, cancellationToken).ConfigureAwait(false);
                await file.CommitAsync(cancellationToken).ConfigureAwait(false);
                Stored?.Invoke(this, stored);
                return DicomStatus.Success;
            }
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            throw new DicomServiceException(DicomStatus.OutOfResources, $"The instance could not be written: {ex.Message}", ex);
        }
    }

    // A UID is digits and dots; anything else a peer sends is not allowed to reach the file system.
    private static string SafeName(string uid)
    {
        var clean = new string(uid.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray()).Trim('.');
        return clean.Length > 0 ? clean : "instance-" + Guid.NewGuid().ToString("N");
    }
}
