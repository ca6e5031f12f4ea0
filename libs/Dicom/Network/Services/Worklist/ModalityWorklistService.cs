using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// The Modality Worklist Information Model - FIND SCP (PS3.4 annex K): every candidate of the source is matched
/// against the identifier, compiled once per query with <see cref="DicomQueryMatcher"/>, and each match is sent as it is found. A C-CANCEL stops
/// the enumeration (the registry then answers Cancel). More matches than <see cref="DicomQueryMatchingOptions.MaxMatches"/>
/// end the query with A700 after the first that many. Register it with <see cref="DicomServiceRegistry.AddModalityWorklist"/>.
/// </summary>
public sealed class ModalityWorklistService(IWorklistItemSource source, DicomQueryMatchingOptions? options = null) : ICFindHandler
{
    private readonly DicomQueryMatcher matcher = new(options);
    private readonly int? maxMatches = options?.MaxMatches;

    public async IAsyncEnumerable<DicomFindResponse> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new DicomWorklistQuery(request.Association, request.Identifier);
        var compiled = matcher.Compile(request.Identifier);
        var matches = 0;
        await foreach (var candidate in source.GetCandidatesAsync(query, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (compiled.Match(candidate) is { } response)
            {
                if (matches == maxMatches)
                {
                    // The error comment is LO (64 characters): the modality shows it as it is.
                    throw new DicomServiceException(DicomStatus.OutOfResources, $"More than {matches} items match: narrow the query");
                }

                matches++;
                yield return DicomFindResponse.Match(response);
            }
        }
    }
}
