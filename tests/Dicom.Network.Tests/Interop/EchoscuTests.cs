using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Interop;

/// <summary>DCMTK's echoscu against our Verification SCP.</summary>
public sealed class EchoscuTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Echoscu_gets_success_from_our_verification_scp()
    {
        var log = new TestLog(output);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification(), log);

        var result = await Dcmtk.RunAsync("echoscu", "-v", "-aet", "ECHOSCU", "-aec", TestServer.AeTitle, "127.0.0.1", server.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        output.WriteLine(result.StandardError);
        result.EnsureSuccess("echoscu");
        Assert.Contains("Received Echo Response (Success)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }
}
