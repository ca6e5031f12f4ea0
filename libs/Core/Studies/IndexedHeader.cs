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

    public static IndexedHeader From(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var accessions = new List<string>();
        Add(accessions, dataset.GetString(DicomTag.AccessionNumber));
        foreach (var item in dataset.GetSequence(DicomTag.RequestAttributesSequence)?.Items ?? [])
        {
            Add(accessions, item.GetString(DicomTag.AccessionNumber));
        }

        return new IndexedHeader
        {
            StudyInstanceUid = Clean(dataset.GetString(DicomTag.StudyInstanceUID)),
            SeriesInstanceUid = Clean(dataset.GetString(DicomTag.SeriesInstanceUID)),
            SopInstanceUid = Clean(dataset.GetString(DicomTag.SOPInstanceUID)),
            SopClassUid = Clean(dataset.GetString(DicomTag.SOPClassUID)),
            PatientId = Clean(dataset.GetString(DicomTag.PatientID)),
            IssuerOfPatientId = Clean(dataset.GetString(DicomTag.IssuerOfPatientID)),
            PatientName = Clean(dataset.GetString(DicomTag.PatientName)),
            PatientBirthDate = Clean(dataset.GetString(DicomTag.PatientBirthDate)),
            PatientSex = Clean(dataset.GetString(DicomTag.PatientSex)),
            AccessionNumbers = accessions,
            StudyDate = Clean(dataset.GetString(DicomTag.StudyDate)),
            StudyTime = Clean(dataset.GetString(DicomTag.StudyTime)),
            StudyDescription = Clean(dataset.GetString(DicomTag.StudyDescription)),
            ReferringPhysicianName = Clean(dataset.GetString(DicomTag.ReferringPhysicianName)),
            Modality = Clean(dataset.GetString(DicomTag.Modality)),
            SeriesNumber = Number(dataset, DicomTag.SeriesNumber),
            SeriesDescription = Clean(dataset.GetString(DicomTag.SeriesDescription)),
            InstanceNumber = Number(dataset, DicomTag.InstanceNumber),
        };
    }

    private static int? Number(DicomDataset dataset, DicomTag tag)
    {
        try
        {
            return dataset.GetNumber<int>(tag);
        }
        catch (DicomValueException)
        {
            return null; // a malformed IS is not worth refusing the instance for
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
