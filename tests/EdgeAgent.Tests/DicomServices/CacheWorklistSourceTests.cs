using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CloudRisPacs.EdgeAgent.Tests.DicomServices;

/// <summary>
/// <see cref="CacheWorklistSource.FilterFor"/>: the SQL pre-filter over the worklist cache must narrow realistic modality
/// queries without ever losing an item that full PS3.4 matching (<see cref="DicomQueryMatcher"/>, as the MWL SCP runs
/// it over <see cref="WorklistDataset.From"/>) would return.
/// </summary>
public sealed class CacheWorklistSourceTests
{
    private static readonly WorklistItem[] Cache =
    [
        Item("ct-mon-1", "CT", "CT_ROOM1", "20240318", "081500", "P-100", "ACC-1"),
        Item("ct-wed-1", "CT", "CT_ROOM1", "20240320", "074500", "P-101", "ACC-2"),
        Item("ct-wed-2", "CT", "CT_ROOM2", "20240320", "101500", "P-102", "ACC-3"),
        Item("ct-thu-1", "CT", "CT_ROOM1", "20240321", "090000", "P-101", "ACC-4"),
        Item("mr-wed-1", "MR", "MR_ROOM1", "20240320", "130000", "P-103", "ACC-5"),
        Item("mr-thu-1", "MR", "MR_ROOM1", "20240321", "080000", "P-100", "ACC-6"),
        Item("us-wed-1", "US", null, "20240320", null, "P-104", "ACC-7"),
        Item("cr-fri-1", "CR", "CR_ROOM1", "20240322", "120000", "P-105", "ACC-8"),
        Item("ct-night-1", "CT", "CT_NIGHT", "20240315", "230000", "P-107", "ACC-10"),
        Item("ct-night-2", "CT", "CT_NIGHT", "20240316", "013000", "P-108", "ACC-11"),

        // What the cloud may send with stray spaces: the worklist data set trims them, so matching finds these too.
        Item("ct-wed-3", " CT ", "CT_ROOM1 ", "20240320 ", "160000", "P-106 ", " ACC-9"),
    ];

    private static readonly Dictionary<string, (Action<DicomDataset, DicomDataset> Keys, string[] Prefiltered)> Queries = new()
    {
        // The commonest modality query: "my station, today".
        ["station AE and date"] = ((top, step) => Step(step, station: "CT_ROOM1", date: "20240320"), ["ct-wed-1", "ct-wed-3"]),
        ["modality and date range"] = ((top, step) => Step(step, modality: "MR", date: "20240320-20240321"), ["mr-wed-1", "mr-thu-1"]),
        ["modality, open-ended date range"] = ((top, step) => Step(step, modality: "CT", date: "20240320-"), ["ct-wed-1", "ct-wed-2", "ct-thu-1", "ct-wed-3"]),
        ["date range open at the start"] = ((top, step) => Step(step, date: "-20240318"), ["ct-mon-1", "ct-night-1", "ct-night-2"]),
        ["accession number"] = ((top, step) => top.SetString(DicomTag.AccessionNumber, "ACC-4"), ["ct-thu-1"]),
        ["accession number with stray spaces in the cache"] = ((top, step) => top.SetString(DicomTag.AccessionNumber, "ACC-9"), ["ct-wed-3"]),
        ["patient id"] = ((top, step) => top.SetString(DicomTag.PatientID, "P-101"), ["ct-wed-1", "ct-thu-1"]),
        ["patient id with stray spaces in the cache"] = ((top, step) => top.SetString(DicomTag.PatientID, "P-106"), ["ct-wed-3"]),
        ["universal (every key empty)"] = ((top, step) => Step(step), Cache.Select(i => i.ItemKey).ToArray()),

        // Keys the pre-filter cannot use narrow nothing in SQL; the matcher does it all.
        ["modality wildcard"] = ((top, step) => Step(step, modality: "C?"), Cache.Select(i => i.ItemKey).ToArray()),
        ["modality list"] = ((top, step) => Step(step, modality: @"CT\MR"), Cache.Select(i => i.ItemKey).ToArray()),
        ["patient id wildcard"] = ((top, step) => top.SetString(DicomTag.PatientID, "P-10*"), Cache.Select(i => i.ItemKey).ToArray()),
        ["date and time range matched as one date-time"] = ((top, step) => Step(step, date: "20240320", time: "0700-1100"), ["ct-wed-1", "ct-wed-2", "mr-wed-1", "us-wed-1", "ct-wed-3"]),
        // The night shift: "20240315" with "2200-0200" is the night that starts that day, so 01:30 on the 16th is in it.
        ["station AE, date and a time range across midnight"] = ((top, step) => Step(step, station: "CT_NIGHT", date: "20240315", time: "2200-0200"), ["ct-night-1", "ct-night-2"]),
        ["station AE, modality and day that nothing has"] = ((top, step) => Step(step, modality: "MR", station: "CT_ROOM1", date: "20240320"), []),
    };

    public static TheoryData<string> RealisticQueries => [.. Queries.Keys];

    [Theory]
    [MemberData(nameof(RealisticQueries))]
    public async Task The_prefilter_narrows_a_realistic_query_and_loses_no_match(string query)
    {
        var (keys, prefiltered) = Queries[query];
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync(Cache, []);
        var identifier = Identifier(keys);

        var candidates = (await temp.Worklist.QueryAsync(CacheWorklistSource.FilterFor(Query(identifier)))).Select(i => i.ItemKey).ToList();

        Assert.True(prefiltered.Order(StringComparer.Ordinal).SequenceEqual(candidates.Order(StringComparer.Ordinal)),
            $"{query}: expected the pre-filter to pass [{string.Join(", ", prefiltered)}], it passed [{string.Join(", ", candidates)}]");
        var lost = FullMatches(identifier, Cache).Except(candidates).ToList();
        Assert.True(lost.Count == 0, $"{query}: full matching returns [{string.Join(", ", lost)}], which the pre-filter dropped");
    }

    [Fact]
    public async Task A_cache_written_before_values_were_trimmed_is_trimmed_when_the_agent_opens_it()
    {
        await using var temp = new TempDatabase();
        await temp.Worklist.ApplyAsync([Cache.Single(i => i.ItemKey == "ct-wed-3")], []);

        // As an older agent stored it: the pre-filter columns exactly as the cloud sent them, schema before the trim.
        await temp.Database.WriteAsync(tx =>
        {
            tx.Command("UPDATE worklist SET patient_id = 'P-106 ', accession_number = ' ACC-9', modality = ' CT ', station_ae = 'CT_ROOM1 ', start_date = '20240320 '")
                .ExecuteNonQuery();
        });
        var station = Identifier((top, step) => Step(step, station: "CT_ROOM1", modality: "CT", date: "20240320"));
        Assert.Empty(await temp.Worklist.QueryAsync(CacheWorklistSource.FilterFor(Query(station))));
        await temp.Database.WriteAsync(tx =>
        {
            tx.Command("ALTER TABLE worklist DROP COLUMN local_status").ExecuteNonQuery();
            tx.Command("PRAGMA user_version = 3").ExecuteNonQuery();
        });

        await temp.ReopenAsync();

        Assert.Equal("ct-wed-3", Assert.Single(await temp.Worklist.QueryAsync(CacheWorklistSource.FilterFor(Query(station)))).ItemKey);
        var patient = Identifier((top, step) => top.SetString(DicomTag.PatientID, "P-106").SetString(DicomTag.AccessionNumber, "ACC-9"));
        Assert.Single(await temp.Worklist.QueryAsync(CacheWorklistSource.FilterFor(Query(patient))));
    }

    [Fact]
    public async Task For_any_cache_and_query_the_prefilter_keeps_every_item_full_matching_returns()
    {
        var values = Gen.Elements("CT", "MR", " CT", "CT ", "ct", string.Empty);
        var stations = Gen.Elements<string?>("CT_ROOM1", "CT_ROOM1 ", "MR_ROOM1", null);
        var dates = Gen.Elements("20240319", "20240320", "20240320 ", "20240321");
        var ids = Gen.Elements("P-1", "P-1 ", " P-1", "P-2");
        var items = Gen.Choose(1, 8).SelectMany(count => Gen.ArrayOf(
            from modality in values
            from station in stations
            from date in dates
            from id in ids
            select (modality, station, date, id), count));
        var queries =
            from modality in Gen.Elements<string?>(null, "CT", "MR", "C*", "")
            from station in Gen.Elements<string?>(null, "CT_ROOM1", "MR_ROOM1")
            from date in Gen.Elements<string?>(null, "20240320", "20240320-", "-20240320", "20240319-20240320", "20240321-20240319")
            from id in Gen.Elements<string?>(null, "P-1", "P-2", "P-*")
            select (modality, station, date, id);

        await using var temp = new TempDatabase();
        var run = 0;
        Prop.ForAll(items.ToArbitrary(), queries.ToArbitrary(), (drawn, keys) =>
        {
            // One store for every case: each case's items are removed again, so the next one starts empty.
            var cache = drawn.Select((d, i) => Item($"c{run}-i{i}", d.modality, d.station, d.date, "090000", d.id, $"ACC-{i}")).ToArray();
            run++;
            temp.Worklist.ApplyAsync(cache, []).GetAwaiter().GetResult();
            var identifier = Identifier((top, step) =>
            {
                Step(step, modality: keys.modality, station: keys.station, date: keys.date);
                if (keys.id is not null)
                {
                    top.SetString(DicomTag.PatientID, keys.id);
                }
            });
            var candidates = temp.Worklist.QueryAsync(CacheWorklistSource.FilterFor(Query(identifier))).GetAwaiter().GetResult().Select(i => i.ItemKey).ToList();
            temp.Worklist.ApplyAsync([], cache.Select(i => new WorklistRemoval(i.ItemKey, 2, "next case")).ToArray()).GetAwaiter().GetResult();
            return FullMatches(identifier, cache).Except(candidates).Any() is false;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    private static IEnumerable<string> FullMatches(DicomDataset identifier, IEnumerable<WorklistItem> items)
    {
        var matcher = new DicomQueryMatcher();
        return items.Where(i => matcher.Match(identifier, WorklistDataset.From(i)) is not null).Select(i => i.ItemKey);
    }

    private static DicomWorklistQuery Query(DicomDataset identifier) =>
        new(new DicomAssociationInfo("test-1", Dcmtk.ModalityAe, Dcmtk.AgentAe, null, false, [], 16384, null, null), identifier);

    /// <summary>A modality's identifier: the usual return keys empty, then the test's matching keys.</summary>
    private static DicomDataset Identifier(Action<DicomDataset, DicomDataset> keys)
    {
        var top = new DicomDataset()
            .SetEmpty(DicomTag.AccessionNumber).SetEmpty(DicomTag.PatientName).SetEmpty(DicomTag.PatientID).SetEmpty(DicomTag.StudyInstanceUID);
        var step = new DicomDataset();
        Step(step);
        keys(top, step);
        top.SetSequence(DicomTag.ScheduledProcedureStepSequence, step);
        return top;
    }

    private static void Step(DicomDataset step, string? modality = null, string? station = null, string? date = null, string? time = null)
    {
        Key(step, DicomTag.Modality, modality);
        Key(step, DicomTag.ScheduledStationAETitle, station);
        Key(step, DicomTag.ScheduledProcedureStepStartDate, date);
        Key(step, DicomTag.ScheduledProcedureStepStartTime, time);
        step.SetEmpty(DicomTag.ScheduledProcedureStepID);
    }

    private static void Key(DicomDataset keys, DicomTag tag, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            keys.SetEmpty(tag);
        }
        else if (value.Contains('\\', StringComparison.Ordinal))
        {
            keys.SetStrings(tag, value.Split('\\'));
        }
        else
        {
            keys.SetString(tag, value);
        }
    }

    private static WorklistItem Item(string key, string modality, string? station, string date, string? time, string patientId, string accession) => new()
    {
        ItemKey = key,
        Version = 1,
        PatientName = "Doe^Jane",
        PatientId = patientId,
        AccessionNumber = accession,
        StudyInstanceUid = $"1.2.826.0.1.3680043.2.1125.{key.Length}",
        ScheduledProcedureStepId = $"SPS-{key}",
        Modality = modality,
        ScheduledStationAeTitle = station,
        ScheduledStartDate = date,
        ScheduledStartTime = time,
    };
}
