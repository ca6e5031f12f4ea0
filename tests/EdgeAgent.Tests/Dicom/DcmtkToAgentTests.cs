using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.EdgeAgent.Tests.Worklist;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

/// <summary>DCMTK's echoscu, findscu and storescu against the real agent process, with Azurite as the cloud.</summary>
public sealed class DcmtkToAgentTests
{
    internal static AgentSettings ModalitySettings(string? connectionString = null) => new AgentSettings(connectionString)
        .Set("Dicom:AllowAnyCallingAeTitle", "false")
        .Set("Dicom:Modalities:0:AeTitle", Dcmtk.ModalityAe);

    [Fact]
    public async Task Echo_succeeds_for_a_listed_modality_and_an_unknown_calling_ae_title_is_rejected()
    {
        var settings = ModalitySettings();
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        (await Dcmtk.EchoAsync(settings.DicomPort)).EnsureSuccess("echoscu from a listed modality");

        var stranger = await Dcmtk.EchoAsync(settings.DicomPort, callingAe: "STRANGER");
        Assert.NotEqual(0, stranger.ExitCode);
        Assert.Contains("Association Rejected", stranger.StandardOutput + stranger.StandardError, StringComparison.OrdinalIgnoreCase);
        // The agent's log line may reach its output just after echoscu has seen the rejection.
        await Eventually.HoldsAsync(() => agent.Output.Contains("calling AE title 'STRANGER' is not in AllowedCallingAeTitles", StringComparison.Ordinal),
            "the agent logs why STRANGER was rejected", 10, () => agent.Output);
    }

    [Fact]
    public async Task Findscu_gets_the_cached_worklist_and_storescu_instances_reach_the_tenant_container_and_the_bus()
    {
        var settings = ModalitySettings();
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        // The cloud's worklist change path fills the agent's cache.
        await new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishJsonAsync(BusMessageKinds.WorklistChanged, new WorklistChange
        {
            Upserts = [WorklistCacheTests.Item("A1", 1, "CT"), WorklistCacheTests.Item("B22", 1, "CT"), WorklistCacheTests.Item("C333", 1, "MR")],
        });
        IReadOnlyList<DicomDataset> found = [];
        await Eventually.HoldsAsync(async () => (found = await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT")).Count == 2,
            "findscu -W returns the two cached CT items", 30, () => agent.Output);
        Assert.Equal(["ACC-A1", "ACC-B22"], found.Select(d => d.GetString(DicomTag.AccessionNumber)?.Trim()).Order(StringComparer.Ordinal));
        Assert.All(found, d => Assert.Equal("Doe^Jane", d.GetString(DicomTag.PatientName)?.Trim()));
        Assert.All(found, d => Assert.Equal("CT", d.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!.GetString(DicomTag.Modality)?.Trim()));
        Assert.Equal("C333", Assert.Single(await Dcmtk.FindWorklistAsync(settings.DicomPort, "MR")).GetString(DicomTag.PatientID)?.Trim()[2..]);

        await Dcmtk.StoreAsync(settings.DicomPort, Dcmtk.SamplePaths);

        var expected = Dcmtk.SamplePaths.Select(path => DicomFileReader.Read(path).Dataset).Select(d => (
            Path: $"{d.GetString(DicomTag.StudyInstanceUID)!.Trim()}/{d.GetString(DicomTag.SeriesInstanceUID)!.Trim()}/{d.GetString(DicomTag.SOPInstanceUID)!.Trim()}.dcm",
            Sop: d.GetString(DicomTag.SOPInstanceUID)!.Trim())).ToList();
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.DicomInstanceStored).DistinctBy(m => m.MessageId).Count() >= expected.Count,
            "every instance was announced on the bus", 60, () => agent.Output);
        var announced = cloud.OfKind(BusMessageKinds.DicomInstanceStored).DistinctBy(m => m.MessageId)
            .Select(BusContractJson.Deserialize<InstanceStoredEvent>).ToList();
        Assert.Equal(expected.Select(e => e.Path).Order(StringComparer.Ordinal), announced.Select(a => a.BlobPath).Order(StringComparer.Ordinal));
        Assert.All(announced, a => Assert.Equal(Dcmtk.ModalityAe, a.CallingAeTitle));

        var container = new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient($"dicom-{settings.TenantId}");
        foreach (var (path, sop) in expected)
        {
            var blob = (await container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray();
            var file = DicomFileReader.Read(new MemoryStream(blob));
            Assert.Equal(sop, file.Dataset.GetString(DicomTag.SOPInstanceUID)?.Trim());
        }

        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
        var dicom = status.GetProperty("dicom");
        Assert.Equal(expected.Count, dicom.GetProperty("stored").GetInt64());
        Assert.Equal(0, dicom.GetProperty("spoolPending").GetInt64());
        Assert.True(dicom.GetProperty("worklistQueries").GetInt64() >= 2);
        Assert.Equal($"dicom://CLOUDRISPACS@127.0.0.1:{settings.DicomPort}", status.GetProperty("endpoints").GetProperty("dicom").GetString());
    }
}
