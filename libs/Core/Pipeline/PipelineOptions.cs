namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// Defaults of the cloud pipeline (configuration section <c>CloudRisPacs:Pipeline</c>); each tenant may override the
/// per-clinic ones in its registry row (<see cref="Tenancy.TenantSettings"/>).
/// </summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    public string MappingProfile { get; set; } = Hl7FieldMap.IheProfile;

    /// <summary>The ORC-1/ORC-5 table; null uses <see cref="OrderStatusTable.DefaultRules"/>.</summary>
    public IReadOnlyList<OrderStatusRule>? OrderStatusRules { get; set; }

    public MissingStudyUidPolicy MissingStudyUid { get; set; } = MissingStudyUidPolicy.DeriveFromAccession;

    public MergedPatientPolicy MergedPatient { get; set; } = MergedPatientPolicy.RedirectToSurvivor;

    public MatchingKey MatchingKey { get; set; } = MatchingKey.Accession;

    /// <summary>
    /// IANA time zone of clinics that set neither a time zone nor an offset of their own (see
    /// <see cref="Tenancy.TenantSettings.TimeZone"/>); null uses <see cref="DefaultUtcOffset"/>.
    /// </summary>
    public string? DefaultTimeZone { get; set; }

    /// <summary>Fixed offset of clinics that set no time zone or offset, when <see cref="DefaultTimeZone"/> is not set.</summary>
    public TimeSpan DefaultUtcOffset { get; set; } = TimeSpan.Zero;

    /// <summary>An order scheduled this long ago without any image raises "order without images".</summary>
    public TimeSpan OrderWithoutImagesAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>A study without a matching order this long after its first image raises "unmatched study".</summary>
    public TimeSpan UnmatchedStudyAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A reconciled study with no new image for this long (and no MPPS COMPLETED) counts as complete.</summary>
    public TimeSpan StudyQuietPeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The quiet period of a study whose MPPS says IN PROGRESS: a long exam sends its images series by series, so only
    /// a silence this long (its MPPS COMPLETED lost) counts as complete. A DISCONTINUED study is never completed by it.
    /// </summary>
    public TimeSpan StudyInProgressQuietPeriod { get; set; } = TimeSpan.FromHours(12);

    /// <summary>An edge agent whose last heartbeat is older than this raises "edge silent".</summary>
    public TimeSpan EdgeSilentAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Storage commitment: how long after a request arrives to wait for its instances to be indexed before answering
    /// 0x0112 for them (the edge sends the request only once the instances it holds are uploaded).
    /// </summary>
    public TimeSpan CommitmentTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Storage commitment: how long to wait between checks while instances are not indexed yet.</summary>
    public TimeSpan CommitmentRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes read first for a DICOM header when the event does not say how long it is.</summary>
    public int HeaderReadBytes { get; set; } = 64 * 1024;

    /// <summary>The most header bytes read before giving up (a header without pixel data larger than this is refused).</summary>
    public int MaxHeaderBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Worklist items per snapshot message part.</summary>
    public int SnapshotPartSize { get; set; } = 200;

    /// <summary>Sending application and facility (MSH-3/4) of messages the cloud sends to a RIS.</summary>
    public string SendingApplication { get; set; } = "CLOUDRISPACS";

    public string SendingFacility { get; set; } = "CLOUD";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Hl7FieldMap.ProfileNames.Contains(MappingProfile, StringComparer.Ordinal))
        {
            problems.Add($"Pipeline:MappingProfile '{MappingProfile}' is not one of {string.Join(", ", Hl7FieldMap.ProfileNames)}.");
        }

        problems.AddRange(new OrderStatusTable(OrderStatusRules ?? OrderStatusTable.DefaultRules).Validate());
        if (DefaultTimeZone is { } zone && !ClinicClock.TryFindTimeZone(zone, out _))
        {
            problems.Add($"Pipeline:DefaultTimeZone '{zone}' is not a known IANA time zone id (for example 'Europe/Berlin').");
        }

        void Positive(string name, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Pipeline:{name} must be positive.");
            }
        }

        Positive(nameof(OrderWithoutImagesAfter), OrderWithoutImagesAfter);
        Positive(nameof(StudyQuietPeriod), StudyQuietPeriod);
        Positive(nameof(StudyInProgressQuietPeriod), StudyInProgressQuietPeriod);
        Positive(nameof(EdgeSilentAfter), EdgeSilentAfter);
        Positive(nameof(CommitmentTimeout), CommitmentTimeout);
        Positive(nameof(CommitmentRetryInterval), CommitmentRetryInterval);
        if (UnmatchedStudyAfter < TimeSpan.Zero)
        {
            problems.Add("Pipeline:UnmatchedStudyAfter cannot be negative.");
        }

        if (HeaderReadBytes < 1024 || MaxHeaderBytes < HeaderReadBytes)
        {
            problems.Add("Pipeline:HeaderReadBytes must be at least 1024 and at most MaxHeaderBytes.");
        }

        if (SnapshotPartSize is < 1 or > 1000)
        {
            problems.Add("Pipeline:SnapshotPartSize must be 1 to 1000.");
        }

        return problems;
    }
}
