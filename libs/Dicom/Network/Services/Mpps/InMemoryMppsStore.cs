using System.Collections.Concurrent;

namespace CloudRisPacs.Dicom.Network.Services.Mpps;

/// <summary>MPPS instances in memory (tests, tools); copies go in and out, so callers cannot change what is stored.</summary>
public sealed class InMemoryMppsStore : IMppsStore
{
    private readonly ConcurrentDictionary<string, DicomDataset> instances = new(StringComparer.Ordinal);

    public int Count => instances.Count;

    public ValueTask<DicomDataset?> GetAsync(string sopInstanceUid, CancellationToken cancellationToken) =>
        ValueTask.FromResult(instances.TryGetValue(sopInstanceUid, out var found) ? found.Clone() : null);

    public ValueTask<bool> TryCreateAsync(string sopInstanceUid, DicomDataset attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return ValueTask.FromResult(instances.TryAdd(sopInstanceUid, attributes.Clone()));
    }

    public ValueTask UpdateAsync(string sopInstanceUid, DicomDataset attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        instances[sopInstanceUid] = attributes.Clone();
        return ValueTask.CompletedTask;
    }
}
