using CloudRisPacs.TestSupport;

namespace CloudRisPacs.TestSupport.Tests;

/// <summary>Proves the independent peers the protocol tests rely on are installed and runnable.</summary>
public sealed class PeerToolsTests
{
    [Theory]
    [InlineData("echoscu")]
    [InlineData("dcmdump")]
    [InlineData("findscu")]
    [InlineData("storescu")]
    [InlineData("storescp")]
    [InlineData("wlmscpfs")]
    [InlineData("dump2dcm")]
    public async Task Dcmtk_tool_is_found_and_reports_its_version(string tool)
    {
        var path = PeerTools.Require(tool);

        var result = await ProcessRunner.RunAsync(path, ["--version"], TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"$dcmtk: {tool} v", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dcmdump_reads_a_pydicom_sample_file()
    {
        var file = Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm");

        var result = await ProcessRunner.RunAsync(PeerTools.Require("dcmdump"), ["--search", "PatientName", file], TimeSpan.FromSeconds(30));

        result.EnsureSuccess("dcmdump");
        Assert.Contains("(0010,0010) PN [CompressedSamples^CT1]", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_hl7_and_pydicom_are_importable_by_debian_python()
    {
        var python = await PeerTools.RequirePythonModulesAsync("hl7", "hl7.mllp", "pydicom");

        var result = await ProcessRunner.RunAsync(
            python,
            ["-c", "import hl7; m = hl7.parse('MSH|^~\\\\&|A|B|C|D|20260101||ADT^A01|X1|P|2.5\\rPID|1||123^^^H^MR'); print(m.segment('PID')[3][0][0])"],
            TimeSpan.FromSeconds(30));

        result.EnsureSuccess("python3 hl7");
        Assert.Equal("123", result.StandardOutput.Trim());
    }

    [Fact]
    public void Mllp_send_is_on_path()
    {
        var path = PeerTools.Require("mllp_send");

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Missing_tool_fails_loudly_with_the_package_to_install()
    {
        var error = Assert.Throws<PeerToolMissingException>(() => PeerTools.Require("no-such-dicom-tool"));

        Assert.Contains("no-such-dicom-tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("Install the Debian package", error.Message, StringComparison.Ordinal);
    }
}
