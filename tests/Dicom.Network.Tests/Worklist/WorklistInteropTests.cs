using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>
/// Our MWL SCP and DCMTK's wlmscpfs on the same worklist answer the same queries, sent by findscu -W: DCMTK's example
/// queries (wlistqry*.dump) and our own cases for wild cards, date and time ranges (open-ended too), combined date-time
/// matching and station AE titles. The matched items must be the same and every value both return must agree; the SCPs
/// may differ only in which requested keys they return empty (wlmscpfs leaves out keys it does not support and pads a
/// universally matched sequence item with its own empty attributes; we return every requested key, empty when absent).
/// </summary>
public sealed class WorklistInteropTests(WorklistPeers peers, ITestOutputHelper output) : IClassFixture<WorklistPeers>
{
    public static TheoryData<string> ExampleQueries()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(PeerTools.DcmtkExamples, "wlistqry"), "wlistqry*.dump").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static TheoryData<string, string, int> OwnQueries() => new()
    {
        // name, query dump, expected number of matches (also checked against wlmscpfs)
        { "name-star", Query(name: "M*"), 2 },
        { "name-question", Query(name: "?AYDN*"), 3 },
        { "accession-question", Query(accession: "0000?"), 10 },
        { "patient-id", Query(patientId: "AV35674"), 3 },
        { "station-ae-single-valued", Query(stationAe: "AA67"), 1 },
        { "station-ae-among-several", Query(stationAe: "NN77"), 2 },
        { "station-ae-first-of-two", Query(stationAe: "AA32"), 2 },
        { "modality", Query(modality: "CT"), 4 },
        { "date-range", Query(date: "19960101-19961231"), 6 },
        { "date-open-end", Query(date: "19960401-"), 4 },
        { "date-open-start", Query(date: "-19951231"), 4 },
        { "date-single", Query(date: "19960502"), 1 },
        { "time-range", Query(time: "120000-160000"), 3 },
        { "date-time-combined", Query(date: "19960101-19960601", time: "150000-"), 5 },
        { "date-time-combined-open-start", Query(date: "-19951206", time: "-094500"), 4 },
        { "date-time-combined-single-day", Query(date: "19960406", time: "1600-1700"), 1 },
        { "physician-star", Query(physician: "J*"), 3 },
        { "modality-and-station", Query(modality: "CR", stationAe: "CC56"), 1 },
        { "no-match", Query(name: "NOBODY"), 0 },
    };

    [Theory]
    [MemberData(nameof(ExampleQueries))]
    public async Task Dcmtk_example_query_gets_the_same_matches_from_both_scps(string queryName)
    {
        var query = await peers.QueryFileAsync(Path.GetFileNameWithoutExtension(queryName), await File.ReadAllTextAsync(Path.Combine(PeerTools.DcmtkExamples, "wlistqry", queryName)));
        await CompareAsync(query);
    }

    [Theory]
    [MemberData(nameof(OwnQueries))]
    public async Task Own_query_gets_the_same_matches_from_both_scps(string name, string dump, int expected)
    {
        var query = await peers.QueryFileAsync(name, dump);
        var count = await CompareAsync(query);
        Assert.Equal(expected, count);
    }

    /// <summary>A worklist query: the given keys with values, the usual return keys empty.</summary>
    internal static string Query(string name = "", string patientId = "", string accession = "", string modality = "", string stationAe = "", string date = "", string time = "", string physician = "") => $"""
        (0008,0050) SH [{accession}]
        (0010,0010) PN [{name}]
        (0010,0020) LO [{patientId}]
        (0010,0030) DA []
        (0040,0100) SQ
        (fffe,e000) -
        (0008,0060) CS [{modality}]
        (0040,0001) AE [{stationAe}]
        (0040,0002) DA [{date}]
        (0040,0003) TM [{time}]
        (0040,0006) PN [{physician}]
        (0040,0009) SH []
        (0040,0010) SH []
        (fffe,e00d) -
        (fffe,e0dd) -
        (0040,1001) SH []
        """;

    private async Task<int> CompareAsync(string query)
    {
        var theirs = (await peers.FindscuAsync(peers.WlmscpfsPort, query)).Select(NormalizedResponse.Of).OrderBy(r => r.Identity, StringComparer.Ordinal).ToList();
        var ours = (await peers.FindscuAsync(peers.OurPort, query)).Select(NormalizedResponse.Of).OrderBy(r => r.Identity, StringComparer.Ordinal).ToList();
        output.WriteLine($"wlmscpfs: {theirs.Count} matches, ours: {ours.Count}");
        foreach (var response in ours)
        {
            output.WriteLine("  " + response.Identity);
        }

        Assert.True(theirs.Count == ours.Count, $"wlmscpfs found {theirs.Count}, we found {ours.Count}\ntheirs:\n{string.Join("\n", theirs)}\nours:\n{string.Join("\n", ours)}");
        var differences = ours.Zip(theirs).SelectMany((pair, i) => pair.First.DifferencesFrom(pair.Second).Select(d => $"response {i}: {d}")).ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        return ours.Count;
    }
}
