using CloudRisPacs.Dicom;

namespace CloudRisPacs.Core.Studies;

/// <summary>The attributes the study index keeps, read from an instance header.</summary>
public sealed record IndexedHeader
{
    public string? StudyInstanceUid { get; init; }

    public string? SeriesInstanceUid { get; init; }

    public string? SopInstanceUid { get; init; }

    public string? SopClassUid { get; init; }

    public string? PatientId { get; init; }

    public string? IssuerOfPatientId { get; init; }

    public string? PatientName { get; init; }

    public string? PatientBirthDate { get; init; }

    public string? PatientSex { get; init; }

    public IReadOnlyList<string> AccessionNumbers { get; init; } = [];

    public string? StudyDate { get; init; }

    public string? StudyTime { get; init; }

    public string? StudyDescription { get; init; }

    public string? ReferringPhysicianName { get; init; }

    public string? Modality { get; init; }

    public int? SeriesNumber { get; init; }

    public string? SeriesDescription { get; init; }

    public int? InstanceNumber { get; init; }

    /// <summary>
    /// Attributes that could not be read (a text attribute stored with a binary VR or as a sequence, a sequence stored
    /// as UN): each is left out and named here, so the instance is still indexed.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static IndexedHeader From(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var warnings = new List<string>();
        string? Text(DicomDataset from, DicomTag tag) => Read(warnings, tag, () => Clean(from.GetString(tag)));

        var accessions = new List<string>();
        Add(accessions, Text(dataset, DicomTag.AccessionNumber));
        foreach (var item in Read(warnings, DicomTag.RequestAttributesSequence, () => dataset.GetSequence(DicomTag.RequestAttributesSequence))?.Items ?? [])
        {
            Add(accessions, Text(item, DicomTag.AccessionNumber));
        }

        return new IndexedHeader
        {
            StudyInstanceUid = Text(dataset, DicomTag.StudyInstanceUID),
            SeriesInstanceUid = Text(dataset, DicomTag.SeriesInstanceUID),
            SopInstanceUid = Text(dataset, DicomTag.SOPInstanceUID),
            SopClassUid = Text(dataset, DicomTag.SOPClassUID),
            PatientId = Text(dataset, DicomTag.PatientID),
            IssuerOfPatientId = Text(dataset, DicomTag.IssuerOfPatientID),
            PatientName = Text(dataset, DicomTag.PatientName),
            PatientBirthDate = Text(dataset, DicomTag.PatientBirthDate),
            PatientSex = Text(dataset, DicomTag.PatientSex),
            AccessionNumbers = accessions,
            StudyDate = Text(dataset, DicomTag.StudyDate),
            StudyTime = Text(dataset, DicomTag.StudyTime),
            StudyDescription = Text(dataset, DicomTag.StudyDescription),
            ReferringPhysicianName = Text(dataset, DicomTag.ReferringPhysicianName),
            Modality = Text(dataset, DicomTag.Modality),
            SeriesNumber = Read(warnings, DicomTag.SeriesNumber, () => dataset.GetNumber<int>(DicomTag.SeriesNumber)),
            SeriesDescription = Text(dataset, DicomTag.SeriesDescription),
            InstanceNumber = Read(warnings, DicomTag.InstanceNumber, () => dataset.GetNumber<int>(DicomTag.InstanceNumber)),
            Warnings = warnings,
        };
    }

    // The edge has acknowledged the instance already: one malformed attribute is not worth refusing it for (the bus
    // would retry and dead-letter it), so it is left out and named.
    private static T? Read<T>(List<string> warnings, DicomTag tag, Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (DicomValueException ex)
        {
            warnings.Add($"{tag} not indexed: {ex.Message}");
            return default;
        }
    }

    private static void Add(List<string> list, string? value)
    {
        if (Clean(value) is { } clean && !list.Contains(clean, StringComparer.Ordinal))
        {
            list.Add(clean);
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('\0');
}
