using System.Globalization;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Dicom;

/// <summary>
/// DICOM user identity end to end: the real agent's <c>hash-passcode</c> makes the hash, the real agent process is
/// configured with it, and DCMTK's storescu (-usr/-pwd/-rsp) and echoscu (no identity) associate with it.
/// </summary>
public sealed class UserIdentityTests
{
    private const string Passcode = "ct room one passcode";

    [Fact]
    public async Task Hash_passcode_reads_stdin_prints_only_a_hash_that_verifies_and_refuses_no_passcode_or_bad_arguments()
    {
        var made = await RunAsync(Passcode + "\n", "hash-passcode", "--iterations", "10000");
        var fromCrLf = await RunAsync(Passcode + "\r\n", "hash-passcode", "--iterations", "10000");
        var empty = await RunAsync(string.Empty, "hash-passcode");
        var tooFew = await RunAsync(Passcode + "\n", "hash-passcode", "--iterations", "1000");
        var argv = await RunAsync(Passcode + "\n", "hash-passcode", Passcode);

        Assert.Equal(0, made.ExitCode);
        var line = Assert.Single(made.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("pbkdf2-sha256$10000$", line, StringComparison.Ordinal);
        Assert.True(DicomPasscodeHash.Parse(line).Verifies(System.Text.Encoding.UTF8.GetBytes(Passcode)));
        Assert.False(DicomPasscodeHash.Parse(line).Verifies(System.Text.Encoding.UTF8.GetBytes(Passcode + "\n")));
        Assert.DoesNotContain(Passcode, made.StandardOutput + made.StandardError, StringComparison.Ordinal);
        Assert.True(DicomPasscodeHash.Parse(fromCrLf.StandardOutput.Trim()).Verifies(System.Text.Encoding.UTF8.GetBytes(Passcode)));

        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("No passcode on standard input.", empty.StandardError, StringComparison.Ordinal);
        Assert.Equal(string.Empty, empty.StandardOutput);
        Assert.Equal(2, tooFew.ExitCode);
        Assert.Contains("usage: cloudrispacs-edge hash-passcode [--iterations N]", tooFew.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, argv.ExitCode);
        Assert.Equal(string.Empty, argv.StandardOutput);
    }

    [Fact]
    public async Task A_modality_with_the_right_passcode_stores_and_a_wrong_or_missing_identity_is_rejected()
    {
        var hash = (await RunAsync(Passcode + "\n", "hash-passcode", "--iterations", "10000")).EnsureSuccess("hash-passcode").StandardOutput.Trim();
        var settings = DcmtkToAgentTests.ModalitySettings()
            .Set("Dicom:Users:0:Username", "ct-room1")
            .Set("Dicom:Users:0:PasscodeHash", hash)
            .Set("Dicom:Users:0:CallingAeTitles:0", Dcmtk.ModalityAe)
            .Set("Dicom:RequireUserIdentity", "true");
        await using var cleanup = new TenantCleanup(settings);
        await using var agent = await AgentProcess.StartAsync(settings);

        (await StorescuAsync(settings, "-usr", "ct-room1", "-pwd", Passcode, "-rsp")).EnsureSuccess("storescu as ct-room1 with -rsp");
        await Eventually.HoldsAsync(() => agent.Output.Contains("user identity of MODALITY1 verified as ct-room1; positive response sent", StringComparison.Ordinal),
            "the agent logged the verified identity", 10, () => agent.Output);

        var wrong = await StorescuAsync(settings, "-usr", "ct-room1", "-pwd", "guessed");
        var none = await Dcmtk.EchoAsync(settings.DicomPort);
        foreach (var rejected in new[] { wrong, none })
        {
            var said = rejected.StandardOutput + rejected.StandardError;
            Assert.NotEqual(0, rejected.ExitCode);
            Assert.Contains("Association Rejected", said, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Rejected Permanent", said, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("No Reason", said, StringComparison.OrdinalIgnoreCase);
        }

        await Eventually.HoldsAsync(() => agent.Output.Contains("rejected: no user identity was presented, and one is required", StringComparison.Ordinal),
            "the agent logged the missing identity", 10, () => agent.Output);
        Assert.Contains("rejected: user identity rejected: wrong passcode for user 'ct-room1'", agent.Output, StringComparison.Ordinal);
        Assert.Contains("DICOM user identity: 1 users configured; an identity is required", agent.Output, StringComparison.Ordinal);
        Assert.Contains("passcodes cross the network in clear: the DICOM listener has no TLS", agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Passcode, agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("guessed", agent.Output, StringComparison.Ordinal);
    }

    internal static Task<ProcessResult> RunAsync(string standardInput, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, .. arguments], TimeSpan.FromMinutes(1), standardInput: standardInput);

    internal static Task<ProcessResult> StorescuAsync(AgentSettings settings, params string[] identity) =>
        Dcmtk.RunAsync("storescu", [.. identity, "-aet", Dcmtk.ModalityAe, "-aec", Dcmtk.AgentAe, "127.0.0.1",
            settings.DicomPort.ToString(CultureInfo.InvariantCulture), Dcmtk.SamplePaths[0]]);
}
