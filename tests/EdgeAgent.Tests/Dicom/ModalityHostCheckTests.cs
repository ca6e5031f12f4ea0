using CloudRisPacs.EdgeAgent.Tests.Support;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

/// <summary>
/// <c>Dicom:CheckModalityHosts</c> against the real agent process with DCMTK's echoscu (which connects from 127.0.0.1):
/// a listed modality is accepted from its configured host and rejected at association time from anywhere else.
/// </summary>
public sealed class ModalityHostCheckTests
{
    [Fact]
    public async Task A_listed_modality_is_accepted_from_its_host_and_rejected_from_another_address()
    {
        // CT_ROOM1 is configured at this machine; MODALITY1 at a documentation address (192.0.2.0/24 is never routed).
        var settings = new AgentSettings()
            .Set("Dicom:AllowAnyCallingAeTitle", "false")
            .Set("Dicom:CheckModalityHosts", "true")
            .Set("Dicom:Modalities:0:AeTitle", "CT_ROOM1").Set("Dicom:Modalities:0:Host", "127.0.0.1")
            .Set("Dicom:Modalities:1:AeTitle", Dcmtk.ModalityAe).Set("Dicom:Modalities:1:Host", "192.0.2.44");
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);

        (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: "CT_ROOM1")).EnsureSuccess("echoscu as CT_ROOM1 from its configured host");

        var elsewhere = await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe);
        var said = elsewhere.StandardOutput + elsewhere.StandardError;
        Assert.NotEqual(0, elsewhere.ExitCode);
        Assert.Contains("Association Rejected", said, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Rejected Permanent", said, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Calling AE Title Not Recognized", said, StringComparison.OrdinalIgnoreCase);
        await Eventually.HoldsAsync(() => agent.Output.Contains(
                $"association from {Dcmtk.ModalityAe} to {Dcmtk.AgentAe} at 127.0.0.1:", StringComparison.Ordinal),
            "the agent logged the rejection", 30, () => agent.Output);
        Assert.Contains($"rejected: modality {Dcmtk.ModalityAe} is configured at host '192.0.2.44' (192.0.2.44) but connected from 127.0.0.1 (CheckModalityHosts)",
            agent.Output, StringComparison.Ordinal);
    }
}
