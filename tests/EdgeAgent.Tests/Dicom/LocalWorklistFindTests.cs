using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.EdgeAgent.Tests.Worklist;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

/// <summary>
/// DCMTK's findscu against the whole agent after the RIS (python-hl7's mllp_send) corrected a name and cancelled an
/// order. No cloud pipeline runs here, so nothing but the agent itself can change what the modality gets: an outage.
/// </summary>
public sealed class LocalWorklistFindTests
{
    [Fact]
    public async Task Findscu_gets_the_corrected_name_and_not_the_cancelled_order_while_the_cloud_is_away()
    {
        var settings = DcmtkToAgentTests.ModalitySettings();
        await using var agent = await InProcessAgent.StartAsync(settings);
        await new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishJsonAsync(BusMessageKinds.WorklistChanged, new WorklistChange
        {
            Upserts = [WorklistCacheTests.Item("A1", 1, "CT"), WorklistCacheTests.Item("B22", 1, "CT")],
        });
        await Eventually.HoldsAsync(async () => (await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT")).Count == 2,
            "findscu -W returns the two cached CT items", 30, () => agent.Logs.Dump());

        var file = Hl7Samples.WriteMllpFile(
        [
            LocalHl7WorklistTests.Adt("A08", "A08-1", "P-A1", "Smith^Janet", "19700102", "F"),
            LocalHl7WorklistTests.Orm("CA-1", "P-B22", "CA", "ORD-1", "ACC-B22", string.Empty),
        ]);
        try
        {
            var (result, acks) = await MllpSend.RunAsync(file, settings.MllpPort, TimeSpan.FromMinutes(1));
            result.EnsureSuccess("mllp_send");
            Assert.Equal(["AA", "AA"], acks.Select(a => a.AcknowledgmentCode));
        }
        finally
        {
            File.Delete(file);
        }

        // Right after the acknowledgements: the marks were committed with the messages.
        var found = Assert.Single(await Dcmtk.FindWorklistAsync(settings.DicomPort, "CT"));
        Assert.Equal("ACC-A1", found.GetString(DicomTag.AccessionNumber)?.Trim());
        Assert.Equal("Smith^Janet", found.GetString(DicomTag.PatientName)?.Trim());
    }
}
