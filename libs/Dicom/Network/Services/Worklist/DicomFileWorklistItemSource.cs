using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// Worklist items as DICOM files in a folder (the layout DCMTK's wlmscpfs uses: one "*.wl" file per item), read at each
/// query so that changes show at once. Unreadable files are skipped.
/// </summary>
public sealed class DicomFileWorklistItemSource(string directory, string pattern = "*.wl") : IWorklistItemSource
{
    public async IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(directory, pattern).Order(StringComparer.Ordinal))
        {
            DicomDataset item;
            try
            {
                item = (await DicomFileReader.ReadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)).Dataset;
            }
            catch (Exception ex) when (ex is DicomParseException or IOException)
            {
                continue;
            }

            yield return item;
        }
    }
}
