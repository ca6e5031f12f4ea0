namespace CloudRisPacs.Core.Studies;

/// <summary>The study row and one series row of a study partition, with their ETags (null when absent).</summary>
public sealed class StudySlice
{
    public StudyRecord? Study { get; set; }

    public string? StudyETag { get; set; }

    public SeriesRecord? Series { get; set; }

    public string? SeriesETag { get; set; }
}
