using CloudRisPacs.Edge.Diagnostics;

namespace CloudRisPacs.EdgeAgent.Tests.Status;

/// <summary>What /status says about reaching the cloud: since when each service fails, each on its own.</summary>
public sealed class CloudContactTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    /// <summary>/status says "The cloud … is unreachable since {At}"; At must be when the outage began, not the last retry.</summary>
    [Fact]
    public void Unreachable_since_is_the_first_failure_after_the_last_success()
    {
        var time = new HandTime(Start);
        var contact = new CloudContact(time);
        contact.Succeeded();
        time.Now = time.Now.AddMinutes(1);
        contact.Failed("connection refused");
        var outageStart = time.Now;
        time.Now = time.Now.AddHours(3);
        contact.Failed("name not resolved"); // a retry three hours into the outage

        Assert.Equal((outageStart, "name not resolved"), contact.CurrentFailure);
        contact.Succeeded();
        Assert.Null(contact.CurrentFailure);
        time.Now = time.Now.AddMinutes(1);
        contact.Failed("connection refused");
        Assert.Equal(time.Now, contact.CurrentFailure!.Value.At);
    }

    /// <summary>Uploads fail while heartbeats reach the bus: the bus's successes must not hide the failing uploads.</summary>
    [Fact]
    public void A_blob_storage_failure_stays_reported_while_the_bus_works()
    {
        var time = new HandTime(Start);
        var cloud = new CloudContacts(time);
        cloud.Blob.Failed("403 AuthorizationPermissionMismatch");
        time.Now = time.Now.AddSeconds(30);
        cloud.Bus.Succeeded(); // a heartbeat

        var failing = Assert.Single(cloud.All, service => service.Contact.CurrentFailure is not null);
        Assert.Equal("Blob Storage", failing.Service);
        Assert.Equal((Start, "403 AuthorizationPermissionMismatch"), failing.Contact.CurrentFailure);
        Assert.Equal(time.Now, cloud.LastSuccess);
    }

    private sealed class HandTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
