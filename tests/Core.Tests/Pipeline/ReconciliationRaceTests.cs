using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

public sealed class ReconciliationRaceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    // Host A re-reconciles an unmatched study and finds no order; between its decision and its write of the study row,
    // host B ingests the order and links the study. A's write must not put back the state it decided before.
    [Fact]
    public async Task A_concurrent_reconcile_that_found_nothing_does_not_overwrite_a_link()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "RR1")))));
        var policy = await h.Context.PolicyAsync(h.Tenant, default);

        var tables = new InterleavingTableStore(h.Tables);
        var hostA = new CloudPipeline(new PipelineContext(tables, h.Blobs, h.FlakyPublisher, h.Registry, new PipelineOptions(), h.Time), PipelineHarness.RetryPolicy);
        // 1st get: study row; 2nd: accession row; 3rd: study row again, for the write.
        tables.AfterNextGet = () =>
        {
            tables.AfterNextGet = () =>
            {
                tables.AfterNextGet = () => h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("RR1"))));
                return Task.CompletedTask;
            };
            return Task.CompletedTask;
        };
        await hostA.Services.Reconciler.ReconcileAsync(policy, study, default);

        var after = (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study;
        Assert.Equal(StudyStates.Reconciled, after.State);
        Assert.Single(after.LinkedOrders);
    }
}
