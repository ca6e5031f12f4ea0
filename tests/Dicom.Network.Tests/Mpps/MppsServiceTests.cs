using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Mpps;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Mpps;

/// <summary>
/// The MPPS SCP over the network with our SCU: the state rules and statuses of PS3.4 F.7 in depth. An independent SCU
/// (dcmjs-dimse) is in <see cref="Interop.MppsInteropTests"/>.
/// </summary>
public sealed class MppsServiceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestLog log = new(output);
    private readonly InMemoryMppsStore store = new();
    private DicomServer? server;
    private DicomClient? client;

    private DicomClient Client => client!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(new DicomServiceRegistry().AddMpps(new ModalityPerformedProcedureStepService(store)), log);
        client = TestServer.ClientFor(server, log, "MODALITY1");
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_step_is_created_in_progress_then_completed_and_then_refuses_updates()
    {
        var uid = DicomUid.Generate().Value;
        Assert.Equal(DicomStatus.Success, (await Client.CreateMppsAsync(MppsDataSets.Create(), uid)).Status);
        Assert.Equal(DicomStatus.Success, (await Client.SetMppsAsync(uid, new DicomDataset().SetString(DicomTag.PerformedProcedureStepDescription, "CT HEAD WITH CONTRAST"))).Status);
        Assert.Equal(DicomStatus.Success, (await Client.SetMppsAsync(uid, MppsDataSets.Complete())).Status);

        var stored = await store.GetAsync(uid, CancellationToken.None);
        Assert.Equal("COMPLETED", stored!.GetString(DicomTag.PerformedProcedureStepStatus));
        Assert.Equal("CT HEAD WITH CONTRAST", stored.GetString(DicomTag.PerformedProcedureStepDescription));
        Assert.Equal("1.2.3.4.5.6", stored.GetFirstItem(DicomTag.PerformedSeriesSequence)!.GetString(DicomTag.SeriesInstanceUID));

        var late = await Client.SetMppsAsync(uid, new DicomDataset().SetString(DicomTag.PerformedProcedureStepDescription, "TOO LATE"));
        Assert.Equal(DicomStatus.ProcessingFailure, late.Status);
        Assert.Equal((ushort)0xA710, late.ErrorId);
        Assert.Equal("Performed Procedure Step Object may no longer be updated", late.ErrorComment);
    }

    [Fact]
    public async Task A_discontinued_step_is_final_too()
    {
        var uid = DicomUid.Generate().Value;
        await Client.CreateMppsAsync(MppsDataSets.Create(), uid);
        Assert.Equal(DicomStatus.Success, (await Client.SetMppsAsync(uid, MppsDataSets.Complete("DISCONTINUED"))).Status);
        Assert.Equal(DicomStatus.ProcessingFailure, (await Client.SetMppsAsync(uid, MppsDataSets.Complete())).Status);
    }

    [Fact]
    public async Task Without_an_instance_uid_the_scp_assigns_one_and_returns_it()
    {
        var response = await Client.CreateMppsAsync(MppsDataSets.Create());

        Assert.Equal(DicomStatus.Success, response.Status);
        Assert.True(DicomUid.IsValid(response.SopInstanceUid), response.SopInstanceUid);
        Assert.NotNull(await store.GetAsync(response.SopInstanceUid!, CancellationToken.None));
        Assert.Equal(DicomStatus.Success, (await Client.SetMppsAsync(response.SopInstanceUid!, MppsDataSets.Complete())).Status);
    }

    [Fact]
    public async Task Creating_an_existing_instance_is_a_duplicate()
    {
        var uid = DicomUid.Generate().Value;
        await Client.CreateMppsAsync(MppsDataSets.Create(), uid);
        Assert.Equal(DicomStatus.DuplicateSopInstance, (await Client.CreateMppsAsync(MppsDataSets.Create(), uid)).Status);
    }

    [Theory]
    [InlineData("COMPLETED")]
    [InlineData("DISCONTINUED")]
    [InlineData("SCHEDULED")]
    public async Task A_step_must_be_created_in_progress(string status)
    {
        var response = await Client.CreateMppsAsync(MppsDataSets.Create(status), DicomUid.Generate().Value);
        Assert.Equal(DicomStatus.InvalidAttributeValue, response.Status);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task Missing_and_empty_required_attributes_are_named()
    {
        var missing = MppsDataSets.Create();
        missing.Remove(DicomTag.Modality);
        var empty = MppsDataSets.Create().SetEmpty(DicomTag.PerformedStationAETitle);

        var first = await Client.CreateMppsAsync(missing, DicomUid.Generate().Value);
        var second = await Client.CreateMppsAsync(empty, DicomUid.Generate().Value);

        Assert.Equal(DicomStatus.MissingAttribute, first.Status);
        Assert.Contains("(0008,0060) Modality", first.ErrorComment, StringComparison.Ordinal);
        Assert.Equal(DicomStatus.MissingAttributeValue, second.Status);
        Assert.Contains("(0040,0241) PerformedStationAETitle", second.ErrorComment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setting_an_unknown_instance_is_no_such_instance()
    {
        Assert.Equal(DicomStatus.NoSuchSopInstance, (await Client.SetMppsAsync(DicomUid.Generate().Value, MppsDataSets.Complete())).Status);
    }

    [Fact]
    public async Task The_final_state_needs_end_date_end_time_and_series()
    {
        var uid = DicomUid.Generate().Value;
        await Client.CreateMppsAsync(MppsDataSets.Create(), uid);

        var response = await Client.SetMppsAsync(uid, new DicomDataset().SetString(DicomTag.PerformedProcedureStepStatus, "COMPLETED"));

        Assert.Equal(DicomStatus.MissingAttributeValue, response.Status);
        Assert.Equal("IN PROGRESS", (await store.GetAsync(uid, CancellationToken.None))!.GetString(DicomTag.PerformedProcedureStepStatus));
    }

    [Fact]
    public async Task Unknown_status_values_and_changed_identity_are_refused_but_a_repeated_value_is_not()
    {
        var uid = DicomUid.Generate().Value;
        await Client.CreateMppsAsync(MppsDataSets.Create(), uid);

        Assert.Equal(DicomStatus.InvalidAttributeValue, (await Client.SetMppsAsync(uid, new DicomDataset().SetString(DicomTag.PerformedProcedureStepStatus, "DONE"))).Status);
        Assert.Equal(DicomStatus.InvalidAttributeValue, (await Client.SetMppsAsync(uid, new DicomDataset().SetString(DicomTag.PatientID, "OTHER"))).Status);
        Assert.Equal(DicomStatus.Success, (await Client.SetMppsAsync(uid, new DicomDataset().SetString(DicomTag.Modality, "CT").SetString(DicomTag.PatientID, "P-1"))).Status);
    }

    [Fact]
    public async Task An_update_in_another_character_set_is_merged_in_utf8()
    {
        var uid = DicomUid.Generate().Value;
        await Client.CreateMppsAsync(MppsDataSets.Create(), uid);
        var update = new DicomDataset().SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192").SetString(DicomTag.PerformedProcedureStepDescription, "CT Schädel – 頭部");

        Assert.Equal(DicomStatus.Success, (await Client.SetMppsAsync(uid, update)).Status);

        var stored = await store.GetAsync(uid, CancellationToken.None);
        Assert.Equal("CT Schädel – 頭部", stored!.GetString(DicomTag.PerformedProcedureStepDescription));
        Assert.Equal("Doe^Jane", stored.GetString(DicomTag.PatientName));
        Assert.Equal("ISO_IR 192", stored.GetString(DicomTag.SpecificCharacterSet));
    }
}
