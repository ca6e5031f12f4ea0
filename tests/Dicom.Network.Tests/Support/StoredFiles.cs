using System.Collections.Concurrent;
using CloudRisPacs.Dicom.Network.Services.Storage;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>A file store that names files by arrival, so instances sent twice (same SOP instance UID) are all kept.</summary>
public sealed class StoredFiles
{
    private int counter;

    public StoredFiles(string directory)
    {
        Directory = directory;
        Handler = new DicomFileStoreHandler(new DicomFileStoreOptions
        {
            Directory = directory,
            FileName = request =>
            {
                var name = $"{Interlocked.Increment(ref counter):D6}.dcm";
                Received[name] = (request.SopInstanceUid, request.TransferSyntax.Uid.Value, request.Association.CallingAeTitle);
                return name;
            },
        });
    }

    public string Directory { get; }

    public DicomFileStoreHandler Handler { get; }

    /// <summary>File name → (SOP instance UID, transfer syntax UID, calling AE).</summary>
    public ConcurrentDictionary<string, (string SopInstanceUid, string TransferSyntaxUid, string CallingAe)> Received { get; } = new();

    /// <summary>The files stored for an instance; in the given transfer syntax only, when one is given.</summary>
    public IEnumerable<string> PathsOf(string sopInstanceUid, string? transferSyntaxUid = null) =>
        Received.Where(pair => pair.Value.SopInstanceUid == sopInstanceUid && (transferSyntaxUid is null || pair.Value.TransferSyntaxUid == transferSyntaxUid))
            .Select(pair => Path.Combine(Directory, pair.Key))
            .Where(File.Exists);
}
