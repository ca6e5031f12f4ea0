namespace CloudRisPacs.Edge.Configuration;

/// <summary>The HTTP status endpoint (section <c>EdgeAgent:Status</c>); loopback only unless changed deliberately.</summary>
public sealed class StatusEndpointOptions
{
    public string ListenAddress { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8480;

    /// <summary>A queue whose oldest entry is older than this makes the agent report itself degraded.</summary>
    public TimeSpan BacklogAgeWarning { get; set; } = TimeSpan.FromMinutes(15);
}
