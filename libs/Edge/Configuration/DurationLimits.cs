namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The upper bound of every duration the agent waits with a timer, a delay or a cancellation. .NET refuses a timer
/// longer than about 49.7 days (2^32 - 2 ms) with an exception that, thrown from a background service a second after
/// start, would stop the whole agent; a value past the bound is a typo ("100.00:00:00" for "00:10:00"), so it is
/// refused at start with the key and the bound instead.
/// </summary>
internal static class DurationLimits
{
    /// <summary>Well below .NET's timer limit, so a backoff with jitter on top of the longest setting still fits.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(30);

    public static void Check(EdgeAgentOptions options, List<string> problems)
    {
        const string Root = EdgeAgentOptions.SectionName;
        (string Key, TimeSpan Value)[] durations =
        [
            ("Cloud:RequestTimeout", options.Cloud.RequestTimeout),
            ("Cloud:MaxPollInterval", options.Cloud.MaxPollInterval),
            ("Mllp:IdleTimeout", options.Mllp.IdleTimeout),
            ("Mllp:MaxFrameTime", options.Mllp.MaxFrameTime),
            ("Ris:ConnectTimeout", options.Ris.ConnectTimeout),
            ("Ris:ResponseTimeout", options.Ris.ResponseTimeout),
            ("Ris:RetryDelay", options.Ris.RetryDelay),
            ("Ris:MaxRetryDelay", options.Ris.MaxRetryDelay),
            ("Dicom:IdleTimeout", options.Dicom.IdleTimeout),
            ("Dicom:CommitmentTimeout", options.Dicom.CommitmentTimeout),
            ("Dicom:CommitmentReportRetryDelay", options.Dicom.CommitmentReportRetryDelay),
            ("Dicom:CommitmentReportMaxRetryDelay", options.Dicom.CommitmentReportMaxRetryDelay),
            ("Forwarder:RetryDelay", options.Forwarder.RetryDelay),
            ("Forwarder:MaxRetryDelay", options.Forwarder.MaxRetryDelay),
            ("Forwarder:IdlePollInterval", options.Forwarder.IdlePollInterval),
            ("Worklist:FullSyncInterval", options.Worklist.FullSyncInterval),
            ("HeartbeatInterval", options.HeartbeatInterval),
        ];
        problems.AddRange(durations.Where(d => d.Value > Maximum)
            .Select(d => $"{Root}:{d.Key} is {d.Value}: at most {Maximum.TotalDays:0} days ({Maximum:c}) is allowed."));
    }
}
