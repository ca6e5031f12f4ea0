using System.Text.Json;
using CloudRisPacs.EdgeAgent.Tests.Dicom;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Configuration;

/// <summary>
/// The real agent process started with <c>--config file.json</c>, the file then edited while the agent runs: who may
/// connect (DICOM modalities, MLLP peers) changes without a restart, checked with DCMTK's echoscu and python-hl7's
/// mllp_send; a change with a problem is not applied at all; a change that needs a restart says so.
/// </summary>
public sealed class ConfigurationReloadTests
{
    private const string CtRoom = "CT_ROOM1";

    [Fact]
    public async Task A_modality_added_to_or_removed_from_the_file_counts_at_its_next_association_without_a_restart()
    {
        var settings = new AgentSettings().Set("Dicom:AllowAnyCallingAeTitle", "false");
        await using var cleanup = new TenantCleanup(settings);
        var file = WriteConfig(settings, modalities: [CtRoom]);
        await using var agent = await AgentProcess.StartAsync(settings, "--config", file);

        (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: CtRoom)).EnsureSuccess("echoscu as the listed modality");
        AssertRejected(await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe));

        WriteConfig(settings, modalities: [CtRoom, Dcmtk.ModalityAe], path: file);
        await Eventually.HoldsAsync(async () => (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe)).ExitCode == 0,
            "the added modality is accepted", 30, () => agent.Output);
        await Eventually.HoldsAsync(() => agent.Output.Contains("Configuration change applied without a restart: 2 DICOM modalities (CT_ROOM1, " + Dcmtk.ModalityAe + ")", StringComparison.Ordinal),
            "the change is logged", 10, () => agent.Output);
        Assert.Contains($"Modality {Dcmtk.ModalityAe} has no Host", agent.Output, StringComparison.Ordinal);

        WriteConfig(settings, modalities: [Dcmtk.ModalityAe], path: file);
        await Eventually.HoldsAsync(async () => (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: CtRoom)).ExitCode != 0,
            "the removed modality is rejected", 30, () => agent.Output);
        AssertRejected(await Dcmtk.EchoAsync(settings.DicomPort, callingAe: CtRoom));
        (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe)).EnsureSuccess("echoscu as the modality still listed");
        Assert.False(agent.HasExited);
        Assert.DoesNotContain("takes effect only when the agent restarts", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_with_a_problem_is_not_applied_and_a_change_that_needs_a_restart_says_so()
    {
        var settings = new AgentSettings().Set("Dicom:AllowAnyCallingAeTitle", "false");
        await using var cleanup = new TenantCleanup(settings);
        var file = WriteConfig(settings, modalities: [CtRoom]);
        await using var agent = await AgentProcess.StartAsync(settings, "--config", file);

        // One valid modality added beside an AE title of 17 characters: nothing of it is applied.
        WriteConfig(settings, modalities: [CtRoom, Dcmtk.ModalityAe, "SEVENTEEN_CHARSXX"], path: file);
        await Eventually.HoldsAsync(() => agent.Output.Contains("Configuration change NOT applied", StringComparison.Ordinal),
            "the refusal is logged", 30, () => agent.Output);
        Assert.Contains("SEVENTEEN_CHARSXX", agent.Output, StringComparison.Ordinal);
        AssertRejected(await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe));
        (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: CtRoom)).EnsureSuccess("echoscu as the modality in force");

        // Fixed, plus a setting only a restart can apply: the modality is applied, the other setting named.
        WriteConfig(settings, modalities: [CtRoom, Dcmtk.ModalityAe], path: file, idleTimeout: "00:07:00");
        await Eventually.HoldsAsync(() => agent.Output.Contains("takes effect only when the agent restarts", StringComparison.Ordinal),
            "the restart-only change is named", 30, () => agent.Output);
        Assert.Contains("Configuration change to EdgeAgent:Dicom:IdleTimeout takes effect only when the agent restarts", agent.Output, StringComparison.Ordinal);
        (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe)).EnsureSuccess("echoscu as the modality added by the fixed change");
    }

    [Fact]
    public async Task A_file_saved_half_way_is_reported_and_the_settings_in_force_stay_until_it_is_whole_again()
    {
        var settings = new AgentSettings().Set("Dicom:AllowAnyCallingAeTitle", "false");
        await using var cleanup = new TenantCleanup(settings);
        var file = WriteConfig(settings, modalities: [CtRoom]);
        await using var agent = await AgentProcess.StartAsync(settings, "--config", file);

        // As an editor that writes in place would leave it for a moment (or for good, with a typo).
        await File.WriteAllTextAsync(file, "{\"EdgeAgent\": {\"Dicom\": {\"Modalities\": [{\"AeTitle\": \"CT_");
        await Eventually.HoldsAsync(() => agent.Output.Contains("NOT applied; the settings in force stay as they were: the configuration file cannot be read", StringComparison.Ordinal),
            "the unreadable file is reported", 30, () => agent.Output);
        (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: CtRoom)).EnsureSuccess("echoscu as the modality in force while the file is unreadable");
        AssertRejected(await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe));

        WriteConfig(settings, modalities: [CtRoom, Dcmtk.ModalityAe], path: file);
        await Eventually.HoldsAsync(async () => (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: Dcmtk.ModalityAe)).ExitCode == 0,
            "the whole file's new modality is accepted", 30, () => agent.Output);
        (await Dcmtk.EchoAsync(settings.DicomPort, callingAe: CtRoom)).EnsureSuccess("echoscu as the modality listed throughout");
        Assert.False(agent.HasExited);
    }

    [Fact]
    public async Task A_dicom_user_added_to_or_removed_from_the_file_counts_at_the_next_association_without_a_restart()
    {
        const string Passcode = "reload passcode";
        var hash = (await UserIdentityTests.RunAsync(Passcode + "\n", "hash-passcode", "--iterations", "10000")).EnsureSuccess("hash-passcode").StandardOutput.Trim();
        var settings = new AgentSettings().Set("Dicom:AllowAnyCallingAeTitle", "false").Set("Dicom:RequireUserIdentity", "true");
        await using var cleanup = new TenantCleanup(settings);
        var file = WriteConfig(settings, modalities: [Dcmtk.ModalityAe], users: [User("ct-room1", hash)]);
        await using var agent = await AgentProcess.StartAsync(settings, "--config", file);

        (await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room1", "-pwd", Passcode)).EnsureSuccess("storescu as the configured user");
        Assert.NotEqual(0, (await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room2", "-pwd", Passcode)).ExitCode);

        WriteConfig(settings, modalities: [Dcmtk.ModalityAe], users: [User("ct-room2", hash)], path: file);
        await Eventually.HoldsAsync(async () => (await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room2", "-pwd", Passcode)).ExitCode == 0,
            "the added user is accepted", 30, () => agent.Output);
        var removed = await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room1", "-pwd", Passcode);
        Assert.NotEqual(0, removed.ExitCode);
        Assert.Contains("Association Rejected", removed.StandardOutput + removed.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Passcode, agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(hash, agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_dicom_users_are_checked_from_the_next_association_and_removing_them_all_stops_the_check()
    {
        const string Passcode = "first passcode";
        var hash = (await UserIdentityTests.RunAsync(Passcode + "\n", "hash-passcode", "--iterations", "10000")).EnsureSuccess("hash-passcode").StandardOutput.Trim();
        var settings = new AgentSettings().Set("Dicom:AllowAnyCallingAeTitle", "false");
        await using var cleanup = new TenantCleanup(settings);
        var file = WriteConfig(settings, modalities: [Dcmtk.ModalityAe]);
        await using var agent = await AgentProcess.StartAsync(settings, "--config", file);

        // Without users an identity is not looked at: any passcode goes.
        (await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room1", "-pwd", "wrong")).EnsureSuccess("storescu with an unchecked identity");

        WriteConfig(settings, modalities: [Dcmtk.ModalityAe], users: [User("ct-room1", hash)], path: file);
        await Eventually.HoldsAsync(async () => (await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room1", "-pwd", "wrong")).ExitCode != 0,
            "a wrong passcode is refused once the first user is listed", 30, () => agent.Output);
        (await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room1", "-pwd", Passcode)).EnsureSuccess("storescu as the added user");
        (await UserIdentityTests.StorescuAsync(settings)).EnsureSuccess("storescu without an identity (not required)");
        Assert.Contains("1 users configured", agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("started without users", agent.Output, StringComparison.Ordinal);

        WriteConfig(settings, modalities: [Dcmtk.ModalityAe], path: file);
        await Eventually.HoldsAsync(async () => (await UserIdentityTests.StorescuAsync(settings, "-usr", "ct-room1", "-pwd", "wrong")).ExitCode == 0,
            "identities are not looked at once no user is listed", 30, () => agent.Output);
        Assert.DoesNotContain(Passcode, agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_added_to_the_mllp_allow_list_is_served_without_a_restart()
    {
        var settings = new AgentSettings();
        await using var cleanup = new TenantCleanup(settings);

        // mllp_send connects from 127.0.0.1, which the first list does not hold.
        var file = WriteConfig(settings, mllpPeers: ["192.0.2.10"]);
        await using var agent = await AgentProcess.StartAsync(settings, "--config", file);
        var message = Hl7Samples.WriteMllpFile(Hl7Samples.Batch("R", 1, patients: 1).Select(m => m.Text));
        try
        {
            var (_, refusedAcks) = await MllpSend.RunAsync(message, settings.MllpPort, TimeSpan.FromSeconds(30));
            Assert.Empty(refusedAcks);
            await Eventually.HoldsAsync(() => agent.Output.Contains("refused: address not in the allow-list", StringComparison.Ordinal),
                "the refusal is logged", 30, () => agent.Output);

            WriteConfig(settings, mllpPeers: ["192.0.2.10", "127.0.0.0/8"], path: file);
            await Eventually.HoldsAsync(() => agent.Output.Contains("MLLP peers: 192.0.2.10, 127.0.0.0/8", StringComparison.Ordinal),
                "the new allow-list is applied", 30, () => agent.Output);
            var (served, acks) = await MllpSend.RunAsync(message, settings.MllpPort, TimeSpan.FromSeconds(30));
            served.EnsureSuccess("mllp_send from a peer now allowed");
            Assert.Equal("AA", Assert.Single(acks).AcknowledgmentCode);
        }
        finally
        {
            File.Delete(message);
        }
    }

    private static object User(string name, string hash) => new { Username = name, PasscodeHash = hash, CallingAeTitles = new[] { Dcmtk.ModalityAe } };

    private static void AssertRejected(ProcessResult echo)
    {
        Assert.NotEqual(0, echo.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", echo.StandardOutput + echo.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The part of the configuration these tests edit, as a JSON file (the rest comes from the environment).</summary>
    private static string WriteConfig(AgentSettings settings, string[]? modalities = null, string[]? mllpPeers = null, string? path = null, string? idleTimeout = null, object[]? users = null)
    {
        var dicom = new Dictionary<string, object>();
        if (users is not null)
        {
            dicom["Users"] = users;
        }

        if (modalities is not null)
        {
            dicom["Modalities"] = modalities.Select(ae => new { AeTitle = ae }).ToArray();
        }

        if (idleTimeout is not null)
        {
            dicom["IdleTimeout"] = idleTimeout;
        }

        var agent = new Dictionary<string, object> { ["Dicom"] = dicom };
        if (mllpPeers is not null)
        {
            agent["Mllp"] = new { AllowedPeers = mllpPeers };
        }

        path ??= Path.Combine(Path.GetTempPath(), $"cloudrispacs-reload-{settings.TenantId}.json");

        // Written beside and renamed over, as configuration tools do, so the agent never reads half a file.
        var next = path + ".next";
        File.WriteAllText(next, JsonSerializer.Serialize(new { EdgeAgent = agent }));
        File.Move(next, path, overwrite: true);
        return path;
    }
}
