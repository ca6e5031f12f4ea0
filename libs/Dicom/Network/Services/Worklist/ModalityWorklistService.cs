using System.Runtime.CompilerServices;

namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// The Modality Worklist Information Model - FIND SCP (PS3.4 annex K): every candidate of the source is matched
/// against the identifier, compiled once per query with <see cref="DicomQueryMatcher"/>, and each match is sent as it is found. A C-CANCEL stops
/// the enumeration (the registry then answers Cancel). Register it with <see cref="DicomServiceRegistry.AddModalityWorklist"/>.
/// </summary>
public sealed class ModalityWorklistService(IWorklistItemSource source, DicomQueryMatchingOptions? options = null) : ICFindHandler
{
    private readonly DicomQueryMatcher matcher = new(options);

    public async IAsyncEnumerable<DicomFindResponse> FindAsync(DicomFindRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new DicomWorklistQuery(request.Association, request.Identifier);
        var compiled = matcher.Compile(request.Identifier);
        await foreach (var candidate in source.GetCandidatesAsync(query, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (compiled.Match(candidate) is { } response)
            {
                yield return DicomFindResponse.Match(response);
            }
        }
    }
}
