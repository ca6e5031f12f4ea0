using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.EdgeAgent.Tests.Dicom;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.EdgeAgent.Tests.Worklist;

namespace CloudRisPacs.EdgeAgent.Tests.Resilience;

/// <summary>The cloud goes away while modalities work: a private Azurite is stopped under the agent process and started again.</summary>
public sealed class DicomOutageTests
{
    [Fact]
    public async Task While_azurite_is_down_cstores_succeed_into_the_spool_and_the_worklist_answers_and_afterwards_the_spool_drains()
    {
        await using var azurite = new PrivateAzurite();
        await azurite.StartAsync();
        var settings = DcmtkToAgentTests.ModalitySettings(azurite.ConnectionString);
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);
        await new CloudPublisher(azurite.ConnectionString, settings.TenantId).PublishJsonAsync(BusMessageKinds.WorklistChanged, new WorklistChange
        {
            Upserts = [WorklistCacheTests.Item("OUT1", 1, "CT"), WorklistCacheTests.Item("OUT2", 1, "CT")],
        });
        await Eventually.HoldsAsync(async () => (await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT")).Count == 2, "the worklist reached the cache", 30,
            () => agent.Output);

        await azurite.StopAsync();
        await Dcmtk.StoreAsync(settings.DicomPort, Dcmtk.SamplePaths);
        Assert.Equal(["ACC-OUT1", "ACC-OUT2"],
            (await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT")).Select(d => d.GetString(DicomTag.AccessionNumber)?.Trim()).Order(StringComparer.Ordinal));

        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () =>
        {
            var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
            var dicom = status.GetProperty("dicom");
            return status.GetProperty("health").GetString() == "degraded"
                && dicom.GetProperty("spoolPending").GetInt64() == Dcmtk.SampleFiles.Count
                && dicom.GetProperty("spoolOldestPendingAgeSeconds").ValueKind == JsonValueKind.Number;
        }, "the status shows the outage and the spool backlog", 60, () => agent.Output);
        var spooled = Directory.EnumerateFiles(Path.Combine(settings.DataFolder, "spool"), "*.dcm").ToList();
        Assert.Equal(Dcmtk.SampleFiles.Count, spooled.Count);

        await azurite.StartAsync();
        await Eventually.HoldsAsync(async () =>
        {
            var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
            return status.GetProperty("dicom").GetProperty("spoolPending").GetInt64() == 0 && status.GetProperty("queues").GetProperty("outbox").GetProperty("pending").GetInt64() == 0;
        }, "the spool and the outbox drained", 90, () => agent.Output);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(settings.DataFolder, "spool"), "*.dcm"));

        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"dicom-{settings.TenantId}");
        foreach (var dataset in Dcmtk.SamplePaths.Select(path => DicomFileReader.Read(path).Dataset))
        {
            var path = $"{dataset.GetString(DicomTag.StudyInstanceUID)!.Trim()}/{dataset.GetString(DicomTag.SeriesInstanceUID)!.Trim()}/{dataset.GetString(DicomTag.SOPInstanceUID)!.Trim()}.dcm";
            Assert.True((await container.GetBlobClient(path).ExistsAsync()).Value, $"{path} is in the tenant container");
        }

        await using var cloud = new IngressConsumer(azurite.ConnectionString, settings.TenantId);
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.DicomInstanceStored).Select(BusContractJson.Deserialize<InstanceStoredEvent>)
            .Select(e => e.SopInstanceUid).Distinct().Count() == Dcmtk.SampleFiles.Count, "every instance was announced after the outage", 60);
    }
}
