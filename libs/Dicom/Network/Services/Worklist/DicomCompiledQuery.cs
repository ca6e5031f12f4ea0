namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// A C-FIND identifier prepared for matching many candidates (see <see cref="DicomQueryMatcher.Compile"/>): wild cards,
/// ranges, combined date-time pairs and sequence keys are read once, not once per candidate. Safe to use from several
/// threads; the identifier must not change while it is in use.
/// </summary>
public sealed class DicomCompiledQuery
{
    private readonly QueryLevel root;
    private readonly DicomCharacterSet? queryCharacterSet;

    internal DicomCompiledQuery(DicomDataset identifier, DicomQueryMatchingOptions options)
    {
        root = new QueryLevel(identifier, options);
        queryCharacterSet = identifier.GetElement(DicomTag.SpecificCharacterSet) is { Length: > 0 } ? identifier.CharacterSet : null;
    }

    /// <summary>The response identifier when <paramref name="candidate"/> matches, otherwise null.</summary>
    public DicomDataset? Match(DicomDataset candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var response = new DicomDataset();
        if (!root.Match(candidate, response))
        {
            return null;
        }

        // A candidate's DA in the ACR-NEMA form "YYYY.MM.DD" matched as a date; the modality gets YYYYMMDD.
        response.StandardizeDates();

        if (candidate.GetElement(DicomTag.SpecificCharacterSet) is { Length: > 0 } characterSet && (queryCharacterSet is not null || !IsDefaultRepertoire(response)))
        {
            // A query that names no character set and a response in plain ASCII: no (0008,0005) at all, which any
            // modality reads (older ones refuse "ISO_IR 192" even when nothing in the response needs it).
            response.Set(characterSet);
        }

        if (queryCharacterSet is not null && !queryCharacterSet.Equals(response.CharacterSet))
        {
            try
            {
                response.ChangeCharacterSet(queryCharacterSet);
            }
            catch (ArgumentException)
            {
                // A value the query's character set cannot hold: the response stays in the candidate's, which it names.
            }
        }

        return response;
    }

    /// <summary>Whether every character-set dependent value (sequences too) is 7-bit ASCII without escape sequences, so it reads the same in the default repertoire.</summary>
    private static bool IsDefaultRepertoire(DicomDataset dataset) => dataset.All(entry => entry switch
    {
        DicomSequence sequence => sequence.Items.All(IsDefaultRepertoire),
        DicomElement { ValueVR.IsCharacterSetDependent: true } element => !element.Value.Span.ContainsAnyInRange((byte)0x80, (byte)0xFF) && !element.Value.Span.Contains((byte)0x1B),
        _ => true,
    });
}
