namespace CloudRisPacs.Dicom.Network.Services.Worklist;

/// <summary>
/// C-FIND matching and return-key shaping (PS3.4 C.2.2.2 and K.2.2): single value, list of UID, universal, wild card
/// ("*", "?"), range (DA, TM, DT, open-ended too), combined date-time for the configured pairs, and sequence matching
/// item by item. The response holds exactly the requested keys: values from the candidate, empty when the candidate
/// lacks them, and for sequences only the matching items shaped the same way. Text is compared as decoded with each
/// side's Specific Character Set; the response is in the candidate's character set, or the query's when the query named
/// one and every value fits it, and names none when the query named none and every value is plain ASCII. To match many
/// candidates, <see cref="Compile"/> the identifier once.
/// </summary>
public sealed class DicomQueryMatcher
{
    private readonly DicomQueryMatchingOptions options;

    public DicomQueryMatcher(DicomQueryMatchingOptions? options = null)
    {
        this.options = options ?? new DicomQueryMatchingOptions();
    }

    /// <summary>Prepares <paramref name="identifier"/> once for matching any number of candidates.</summary>
    public DicomCompiledQuery Compile(DicomDataset identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return new DicomCompiledQuery(identifier, options);
    }

    /// <summary>The response identifier when <paramref name="candidate"/> matches <paramref name="identifier"/>, otherwise null.</summary>
    public DicomDataset? Match(DicomDataset identifier, DicomDataset candidate) => Compile(identifier).Match(candidate);
}
