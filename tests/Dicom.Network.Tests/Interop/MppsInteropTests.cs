using System.Text.Json;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Mpps;
using CloudRisPacs.Dicom.Network.Tests.Mpps;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Interop;

/// <summary>
/// MPPS against an independent implementation (dcmjs-dimse; DCMTK ships no MPPS tool): a modality's steps encoded by
/// its SCU are understood by our SCP with the statuses of PS3.4 F.7, and what our SCU sends is read back by its SCP.
/// </summary>
public sealed class MppsInteropTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Mpps = "1.2.840.10008.3.1.2.3.3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TestLog log = new(output);
    private readonly InMemoryMppsStore store = new();
    private DicomServer? server;

    private DicomServer Server => server!;

    public async Task InitializeAsync() =>
        server = await TestServer.StartAsync(new DicomServiceRegistry().AddMpps(new ModalityPerformedProcedureStepService(store)), log);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_step_from_dcmjs_dimse_is_created_updated_completed_and_then_final()
    {
        var uid = DicomUid.Generate().Value;
        var result = await SendAsync(
            new DimseRequest("N-CREATE", Mpps, uid, InProgress()),
            new DimseRequest("N-SET", Mpps, uid, new { PerformedProcedureStepDescription = "CT HEAD WITH CONTRAST" }),
            new DimseRequest("N-SET", Mpps, uid, Completed()),
            new DimseRequest("N-SET", Mpps, uid, new { PerformedProcedureStepDescription = "TOO LATE" }));

        Assert.True(result.Associated, result.ToString());
        Assert.Equal([0, 0, 0, 0x0110], result.Responses.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal(uid, result.Responses[0].GetProperty("affectedSopInstanceUid").GetString());
        Assert.Equal(0xA710, result.Responses[3].GetProperty("errorId").GetInt32());
        Assert.Equal("Performed Procedure Step Object may no longer be updated", result.Responses[3].GetProperty("errorComment").GetString());

        var stored = (await store.GetAsync(uid, CancellationToken.None))!;
        Assert.Equal("COMPLETED", stored.GetString(DicomTag.PerformedProcedureStepStatus));
        Assert.Equal("CT HEAD WITH CONTRAST", stored.GetString(DicomTag.PerformedProcedureStepDescription));
        Assert.Equal("Müller^Jürgen", stored.GetString(DicomTag.PatientName));
        Assert.Equal("ACC-1", stored.GetFirstItem(DicomTag.ScheduledStepAttributesSequence)!.GetString(DicomTag.AccessionNumber));
        Assert.Equal("20240315", stored.GetString(DicomTag.PerformedProcedureStepEndDate));
        Assert.Equal("1.2.3.4.5.6", stored.GetFirstItem(DicomTag.PerformedSeriesSequence)!.GetString(DicomTag.SeriesInstanceUID));
    }

    [Fact]
    public async Task Its_mistakes_get_the_standard_statuses()
    {
        var uid = DicomUid.Generate().Value;
        var result = await SendAsync(
            new DimseRequest("N-CREATE", Mpps, DicomUid.Generate().Value, InProgress(status: "COMPLETED")),
            new DimseRequest("N-CREATE", Mpps, DicomUid.Generate().Value, InProgress(modality: null)),
            new DimseRequest("N-SET", Mpps, DicomUid.Generate().Value, Completed()),
            new DimseRequest("N-CREATE", Mpps, uid, InProgress()),
            new DimseRequest("N-CREATE", Mpps, uid, InProgress()));

        Assert.True(result.Associated, result.ToString());
        Assert.Equal([0x0106, 0x0120, 0x0112, 0, 0x0111], result.Responses.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Contains("(0008,0060) Modality", result.Responses[1].GetProperty("errorComment").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task A_step_created_without_an_instance_uid_gets_one_from_our_scp()
    {
        var created = await SendAsync(new DimseRequest("N-CREATE", Mpps, null, InProgress()));

        Assert.Equal(0, created.Status(0));
        var uid = created.Responses[0].GetProperty("affectedSopInstanceUid").GetString();
        Assert.True(DicomUid.IsValid(uid), created.ToString());
        Assert.Equal(0, (await SendAsync(new DimseRequest("N-SET", Mpps, uid, Completed()))).Status(0));
        Assert.Equal("COMPLETED", (await store.GetAsync(uid!, CancellationToken.None))!.GetString(DicomTag.PerformedProcedureStepStatus));
    }

    // dcmjs negotiates the window but still sends one request at a time; the window itself is tested with scripted peers.
    [Fact]
    public async Task Steps_sent_with_an_asynchronous_operations_window_are_all_answered()
    {
        var uids = Enumerable.Range(0, 24).Select(_ => DicomUid.Generate().Value).ToArray();
        var result = await DcmjsDimsePeer.SendAsync(
            new DimseSendPlan("127.0.0.1", Server.LocalEndPoint.Port, "MODALITY1", Server.AeTitle, [.. uids.Select(uid => new DimseRequest("N-CREATE", Mpps, uid, InProgress()))])
            {
                AsyncOps = 4,
            },
            Timeout);

        Assert.True(result.Associated && result.Responses.Count == uids.Length, result.ToString());
        Assert.All(result.Responses, r => Assert.Equal(0, r.GetProperty("status").GetInt32()));
        Assert.Equal(uids.Order(), result.Responses.Select(r => r.GetProperty("affectedSopInstanceUid").GetString()!).Order());
        Assert.Equal(uids.Length, store.Count);
    }

    [Fact]
    public async Task Our_scu_is_read_by_the_dcmjs_dimse_scp()
    {
        await using var peer = await DcmjsDimsePeer.ListenAsync(FreeTcpPort.Next(), Timeout);
        var client = new DicomClient(
            new DicomClientOptions { Host = "127.0.0.1", Port = peer.Port, CalledAeTitle = "DCMJS", CallingAeTitle = "MODALITY1", ReleaseTimeout = TimeSpan.FromSeconds(5) }, log);
        var uid = DicomUid.Generate().Value;

        Assert.Equal(DicomStatus.Success, (await client.CreateMppsAsync(MppsDataSets.Create(), uid)).Status);
        Assert.Equal(DicomStatus.Success, (await client.SetMppsAsync(uid, MppsDataSets.Complete())).Status);

        var create = await peer.NextRequestAsync("N-CREATE", Timeout);
        Assert.Equal(uid, create.GetProperty("sopInstanceUid").GetString());
        var created = create.GetProperty("dataset");
        Assert.Equal("IN PROGRESS", created.GetProperty("PerformedProcedureStepStatus").GetString());
        Assert.Equal("Doe^Jane", PersonName(created.GetProperty("PatientName")));
        Assert.Equal("ACC-1", created.GetProperty("ScheduledStepAttributesSequence")[0].GetProperty("AccessionNumber").GetString());
        Assert.Equal(JsonValueKind.Array, created.GetProperty("PerformedSeriesSequence").ValueKind);

        var set = await peer.NextRequestAsync("N-SET", Timeout);
        Assert.Equal(uid, set.GetProperty("sopInstanceUid").GetString());
        Assert.Equal("COMPLETED", set.GetProperty("dataset").GetProperty("PerformedProcedureStepStatus").GetString());
        Assert.Equal("1.2.3.4.5.6", set.GetProperty("dataset").GetProperty("PerformedSeriesSequence")[0].GetProperty("SeriesInstanceUID").GetString());
    }

    private Task<DimseSendResult> SendAsync(params DimseRequest[] requests) =>
        DcmjsDimsePeer.SendAsync(new DimseSendPlan("127.0.0.1", Server.LocalEndPoint.Port, "MODALITY1", Server.AeTitle, requests), Timeout);

    /// <summary>
    /// A modality's N-CREATE (PS3.4 table F.7.2-1) in dcmjs's naturalized form. In UTF-8: dcmjs writes text as UTF-8
    /// whatever the data set declares (with ISO_IR 100 declared, our SCP rightly read its "ü" as two Latin-1 characters).
    /// </summary>
    private static Dictionary<string, object?> InProgress(string status = "IN PROGRESS", string? modality = "CT")
    {
        var attributes = new Dictionary<string, object?>
        {
            ["SpecificCharacterSet"] = "ISO_IR 192",
            ["PatientName"] = "Müller^Jürgen",
            ["PatientID"] = "P-1",
            ["PatientBirthDate"] = string.Empty,
            ["PatientSex"] = string.Empty,
            ["PerformedProcedureStepID"] = "PPS-1",
            ["PerformedStationAETitle"] = "MODALITY1",
            ["PerformedStationName"] = "CT ROOM 1",
            ["PerformedLocation"] = "RADIOLOGY",
            ["PerformedProcedureStepStartDate"] = "20240315",
            ["PerformedProcedureStepStartTime"] = "101500",
            ["PerformedProcedureStepStatus"] = status,
            ["StudyID"] = string.Empty,
            ["PerformedProcedureStepEndDate"] = string.Empty,
            ["PerformedProcedureStepEndTime"] = string.Empty,
            ["PerformedProcedureStepDescription"] = "CT HEAD",
            ["ScheduledStepAttributesSequence"] = new[] { new { StudyInstanceUID = "1.2.3.4.5", AccessionNumber = "ACC-1", ScheduledProcedureStepID = "SPS-1" } },
            ["PerformedSeriesSequence"] = Array.Empty<object>(),
        };
        if (modality is not null)
        {
            attributes["Modality"] = modality;
        }

        return attributes;
    }

    private static object Completed() => new
    {
        PerformedProcedureStepStatus = "COMPLETED",
        PerformedProcedureStepEndDate = "20240315",
        PerformedProcedureStepEndTime = "103000",
        PerformedSeriesSequence = new[] { new { SeriesInstanceUID = "1.2.3.4.5.6", RetrieveAETitle = "PACS", ReferencedImageSequence = Array.Empty<object>() } },
    };

    // dcmjs naturalizes a person name as [{ "Alphabetic": "..." }]; older versions as a plain string.
    private static string? PersonName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value[0].GetProperty("Alphabetic").GetString(),
        _ => value.GetString(),
    };
}
