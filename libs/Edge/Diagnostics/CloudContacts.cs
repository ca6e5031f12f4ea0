namespace CloudRisPacs.Edge.Diagnostics;

/// <summary>
/// The agent's contact with each cloud service it uses, kept apart: heartbeats reaching the bus say nothing about Blob
/// Storage, so one shared contact let every heartbeat hide an upload that kept failing.
/// </summary>
public sealed class CloudContacts(TimeProvider time)
{
    /// <summary>The bus: the outbox forwarder and the heartbeat.</summary>
    public CloudContact Bus { get; } = new(time);

    /// <summary>Blob Storage: the spool uploader.</summary>
    public CloudContact Blob { get; } = new(time);

    /// <summary>The cloud API: the worklist full sync.</summary>
    public CloudContact Api { get; } = new(time);

    /// <summary>Each service under the name /status gives it.</summary>
    public IReadOnlyList<(string Service, CloudContact Contact)> All => [("bus", Bus), ("Blob Storage", Blob), ("API", Api)];

    /// <summary>The latest success with any service.</summary>
    public DateTimeOffset? LastSuccess => All.Max(service => service.Contact.LastSuccess);
}
