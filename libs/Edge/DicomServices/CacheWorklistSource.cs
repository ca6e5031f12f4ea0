using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// The MWL C-FIND source over the local worklist cache: the query's exact keys narrow the candidates in SQL, each cached
/// item becomes a worklist data set (<see cref="WorklistDataset"/>) and the DICOM matcher applies the full query. Reads
/// only the local database, so the worklist answers while the cloud is unreachable.
/// </summary>
public sealed class CacheWorklistSource(WorklistCacheStore cache, EdgeCounters counters, ILogger<CacheWorklistSource> logger) : IWorklistItemSource
{
    public async IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        counters.Increment(EdgeCounters.WorklistQueries);
        var items = await cache.QueryAsync(FilterFor(query), cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return WorklistDataset.From(item, logger);
        }
    }

    /// <summary>The SQL pre-filter for a query: only exact single values (a hint is null otherwise).</summary>
    public static WorklistCandidateFilter FilterFor(DicomWorklistQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dates = query.ScheduledDates;
        return new WorklistCandidateFilter
        {
            PatientId = query.PatientId,
            AccessionNumber = query.AccessionNumber,
            Modality = query.Modality,
            StationAeTitle = query.ScheduledStationAeTitle,
            StartDateFrom = dates?.From?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
            StartDateTo = dates?.To?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
