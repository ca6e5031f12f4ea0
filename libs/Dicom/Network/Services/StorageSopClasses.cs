namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>The storage SOP classes of the registry (PS3.4 annex B): every registered SOP class that stores an instance.</summary>
public static class StorageSopClasses
{
    private static readonly Lazy<IReadOnlyList<string>> All = new(() => DicomUid.Registered
        .Where(uid => uid.Type == DicomUidType.SopClass && IsStorageName(uid.Name))
        .Select(uid => uid.Value)
        .OrderBy(uid => uid, StringComparer.Ordinal)
        .ToArray());

    /// <summary>Every registered storage SOP class UID.</summary>
    public static IReadOnlyList<string> Registered => All.Value;

    /// <summary>Whether a registered SOP class is a storage SOP class.</summary>
    public static bool IsStorage(string sopClassUid) => DicomUid.FindRegistered(sopClassUid) is { Type: DicomUidType.SopClass } uid && IsStorageName(uid.Name);

    // Storage Commitment and the media directory are named "Storage" but store nothing over C-STORE.
    private static bool IsStorageName(string name) =>
        name.Contains("Storage", StringComparison.Ordinal)
        && !name.Contains("Storage Commitment", StringComparison.Ordinal)
        && !name.StartsWith("Media Storage Directory", StringComparison.Ordinal);
}
