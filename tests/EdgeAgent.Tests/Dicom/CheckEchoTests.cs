using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

public sealed class CheckEchoTests
{
    [Fact]
    public async Task The_check_command_echoes_each_configured_modality_and_says_what_failed()
    {
        var listening = FreeTcpPort.Next();
        var closed = FreeTcpPort.Next();
        var settings = new AgentSettings()
            .Set("Dicom:AllowAnyCallingAeTitle", "false")
            .Set("Dicom:Modalities:0:AeTitle", "CT_ROOM1").Set("Dicom:Modalities:0:Host", "127.0.0.1").Set("Dicom:Modalities:0:Port", listening)
            .Set("Dicom:Modalities:1:AeTitle", "US_ROOM3").Set("Dicom:Modalities:1:Host", "127.0.0.1").Set("Dicom:Modalities:1:Port", closed)
            .Set("Dicom:Modalities:2:AeTitle", "MR_ROOM2").Set("Dicom:Modalities:2:Host", "127.0.0.1").Set("Dicom:Modalities:2:Port", listening);
        await using var cleanup = new TenantCleanup(settings);

        // check no longer creates a missing data folder (it reports it); at a clinic the installer has made it.
        Directory.CreateDirectory(settings.DataFolder);
        await using var modality = new DicomServer(new DicomServerOptions
        {
            AeTitle = "CT_ROOM1",
            BindAddress = "127.0.0.1",
            Port = listening,
            AllowedCallingAeTitles = [Dcmtk.AgentAe],
        }, new DicomServiceRegistry().AddVerification());
        await modality.StartAsync(CancellationToken.None);

        var result = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, "check"], TimeSpan.FromMinutes(2), environment: settings.AsEnvironment());

        var output = result.StandardOutput;
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"OK    DICOM modality CT_ROOM1: 127.0.0.1:{listening} answered the DICOM echo (C-ECHO) with success", output, StringComparison.Ordinal);
        Assert.Contains($"FAIL  DICOM modality US_ROOM3: 127.0.0.1:{closed} cannot be reached for a DICOM echo", output, StringComparison.Ordinal);
        Assert.Contains($"FAIL  DICOM modality MR_ROOM2: 127.0.0.1:{listening} refused the association", output, StringComparison.Ordinal);
        Assert.Contains("2 check(s) failed.", output, StringComparison.Ordinal);
    }
}
