namespace CloudRisPacs.Core.Storage;

/// <summary>The storage services whose requests <see cref="StorageRoundTrips"/> counts.</summary>
public enum StorageService
{
    Table,
    Blob,
    Queue,
}
