using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// One clinic's settings row that cannot be used (here a time zone typed wrong) must not stop the others: their messages
/// are handled, the watchdogs check them, and the broken one comes back as a failure of each watchdog run.
/// </summary>
public sealed class WatchdogTenantIsolationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{

    [Fact]
    public async Task A_tenant_whose_settings_cannot_be_used_stops_neither_the_others_messages_nor_their_watchdogs_and_is_reported()
    {
        var h = await PipelineHarness.CreateAsync(azurite, new PipelineOptions { UnmatchedStudyAfter = TimeSpan.Zero });
        var broken = PipelineHarness.NewTenant();
        await BreakTimeZoneAsync(h, broken);
        try
        {
            // The broken tenant comes first, as it may in the registry's order.
            h.Pipeline.Watchdogs.TenantFilter = t => t == broken || t == h.Tenant;
            var study = TestDicom.NewUid();
            await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC-NONE")))));

            var report = await h.Pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(default);

            Assert.Equal(1, IndexingAndReconciliationTests.Mine(h, report));
            var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", ExceptionKinds.UnmatchedStudy, null, default)).Exceptions);
            Assert.Equal(study, exception.StudyInstanceUid);
            var failure = Assert.Single(report.Failures);
            Assert.StartsWith(broken.Value + ":", failure, StringComparison.Ordinal);
            Assert.Contains("Europe/Berln", failure, StringComparison.Ordinal);

            // Its queue is still read, so its messages fail with the reason instead of waiting unread.
            Assert.Contains(BusChannel.Ingress(broken), await new TenantRegistryChannelSource(h.Registry).GetChannelsAsync(default));

            foreach (var other in new[]
            {
                await h.Pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(default),
                await h.Pipeline.Watchdogs.CompleteQuietStudiesAsync(default),
            })
            {
                Assert.Contains(other.Failures, f => f.StartsWith(broken.Value + ":", StringComparison.Ordinal));
            }
        }
        finally
        {
            // Other tests' watchdog runs go over every tenant of the shared storage.
            await h.Registry.RegisterAsync(new TenantRecord(broken, "Clinic with a typo", false, new TenantSettings(), h.Time.GetUtcNow()));
        }
    }

    /// <summary>
    /// Registration refuses an unknown time zone, so the row is written as an older release, a hand edit in Storage
    /// Explorer or a time zone id dropped by a tzdata update would leave it.
    /// </summary>
    private static async Task BreakTimeZoneAsync(PipelineHarness h, TenantId tenant)
    {
        await h.Registry.RegisterAsync(new TenantRecord(tenant, "Clinic with a typo", true, new TenantSettings { TimeZone = "Europe/Berlin" }, h.Time.GetUtcNow()));
        var row = await h.Tables.GetAsync(CloudResourceNames.Tables.Tenants, tenant.Value, TenantRegistry.RowKey, default);
        var settings = Assert.IsType<string>(row!["Settings"]);
        row["Settings"] = settings.Replace("Europe/Berlin", "Europe/Berln", StringComparison.Ordinal);
        row.ETag = null;
        await h.Tables.UpsertAsync(CloudResourceNames.Tables.Tenants, row, TableWriteMode.Replace, default);
        h.Registry.Invalidate();
        h.Context.Registry.Invalidate();
    }
}
