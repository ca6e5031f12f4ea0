using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>Worklist items held in memory; replaced atomically, read without locks. Items are not copied: do not change one after adding it.</summary>
public sealed class InMemoryWorklistItemSource : IWorklistItemSource
{
    private ImmutableArray<DicomDataset> items = [];

    public InMemoryWorklistItemSource(IEnumerable<DicomDataset>? items = null)
    {
        if (items is not null)
        {
            Replace(items);
        }
    }

    public int Count => items.Length;

    public void Add(DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ImmutableInterlocked.Update(ref items, list => list.Add(item));
    }

    public void Replace(IEnumerable<DicomDataset> newItems)
    {
        ArgumentNullException.ThrowIfNull(newItems);
        items = [.. newItems];
    }

    public async IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var snapshot = items;
        for (var i = 0; i < snapshot.Length; i++)
        {
            if (i % 256 == 255)
            {
                // A long worklist lets other work (and C-CANCEL) in now and then.
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
            }

            yield return snapshot[i];
        }
    }
}
