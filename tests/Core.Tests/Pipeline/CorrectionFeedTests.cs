using System.Globalization;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Studies;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>The corrections feed a PACS polls (<c>/api/corrections?since=</c>) to rewrite stored instances.</summary>
public sealed class CorrectionFeedTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    [Fact]
    public async Task A_correction_committed_after_a_later_stamped_one_is_still_returned_to_a_poller()
    {
        // Two hosts write corrections: the one whose clock is behind takes its time first and commits second, after a
        // PACS polled. Neither the sequence cursor nor the older time cursor may pass over it.
        var h = await PipelineHarness.CreateAsync(azurite);
        var t1 = new DateTimeOffset(2024, 3, 15, 10, 0, 0, TimeSpan.Zero);
        var slow = new CorrectionLog(h.Tables, new ManualTime(t1));
        var fast = new CorrectionLog(h.Tables, new ManualTime(t1.AddMilliseconds(5)));
        await fast.RecordAsync(h.Tenant, "demographics", "m2", "1.2.3.2", new CorrectedPatient("P2", "OLD^TWO"), new CorrectedPatient("P2", "NEW^TWO"), default);
        var firstPoll = (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, null, null, default)).Corrections;
        var timeCursor = firstPoll.Max(c => c.At).ToString("O", CultureInfo.InvariantCulture);
        var sequenceCursor = firstPoll.Max(c => c.Sequence).ToString(CultureInfo.InvariantCulture);
        await slow.RecordAsync(h.Tenant, "merge", "m1", "1.2.3.1", new CorrectedPatient("TMP", "UNKNOWN"), new CorrectedPatient("P1", "NEW^ONE"), default);

        Assert.Equal(["m1"], (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, timeCursor, null, default)).Corrections.Select(c => c.CauseId));
        var bySequence = Assert.Single((await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, sequenceCursor, null, default)).Corrections);
        Assert.Equal(("m1", 2L), (bySequence.CauseId, bySequence.Sequence));
        Assert.True(bySequence.At > firstPoll[0].At);
    }

    [Fact]
    public async Task Corrections_written_at_once_get_each_their_own_sequence_number()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var log = new CorrectionLog(h.Tables, h.Time);
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            log.RecordAsync(h.Tenant, "merge", $"m{i}", "1.2.3", new CorrectedPatient("TMP", "UNKNOWN"), new CorrectedPatient("P1", "DOE^JANE"), default)));

        var all = (await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), null, null, null, default)).Corrections;
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), all.Select(c => c.Sequence));
        Assert.Equal(all.Select(c => c.At).Order(), all.Select(c => c.At));
        Assert.Equal(8, all.Select(c => c.At).Distinct().Count());
    }

    [Fact]
    public async Task A_birth_date_and_sex_correction_carries_both_values_for_the_pacs()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order("ACC72"))));
        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC72")))));
        Assert.Equal(StudyStates.Reconciled, (await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default)).Study.State);
        await h.CompleteAsync(h.Hl7(Adt("A08", Max with { BirthDate = "19710202", Sex = "F" }, T0.AddHours(1)), arrivedAfterStart: TimeSpan.FromHours(1)));

        var correction = Assert.Single((await h.Pipeline.Api.ListCorrectionsAsync(Staff(h.Tenant), study, null, null, default)).Corrections, c => c.Cause == "demographics");
        Assert.Equal(("19700101", "19710202", "M", "F"), (correction.OldPatientBirthDate, correction.NewPatientBirthDate, correction.OldPatientSex, correction.NewPatientSex));
        Assert.Equal(("PAT1001", "MUSTERMANN^MAX"), (correction.NewPatientId, correction.NewPatientName));
    }
}
