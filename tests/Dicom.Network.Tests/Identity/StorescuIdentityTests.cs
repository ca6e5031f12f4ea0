using System.Globalization;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Identity;

/// <summary>
/// User identity negotiation with DCMTK as the requestor. storescu is the DCMTK 3.6 tool with -usr/-pwd/-rsp (echoscu
/// has none: it serves as the requestor that presents no identity). With -rsp storescu fails unless the A-ASSOCIATE-AC
/// carries a user identity server response.
/// </summary>
public sealed class StorescuIdentityTests(ITestOutputHelper output) : IDisposable
{
    private const string Passcode = "s3cret passcode";
    private static readonly string PasscodeHash = DicomPasscodeHash.Create(Passcode, DicomPasscodeHash.MinimumIterations);

    private readonly TestLog log = new(output);
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task The_right_username_and_passcode_stores_and_the_requested_positive_response_is_sent()
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await StartAsync(stored, required: true);

        var result = await StorescuAsync(server, "-usr", "alice", "-pwd", Passcode, "-rsp");

        Said(result);
        result.EnsureSuccess("storescu as alice with -rsp");
        Assert.Single(stored.Received);
        await log.WaitForAsync("user identity of STORESCU verified as alice; positive response sent", TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(log.Lines, l => l.Contains(Passcode, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_rsp_the_identity_is_verified_and_no_response_is_sent()
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await StartAsync(stored, required: true);

        (await StorescuAsync(server, "-usr", "alice", "-pwd", Passcode)).EnsureSuccess("storescu as alice");

        await log.WaitForAsync("user identity of STORESCU verified as alice; no response requested", TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("alice", "not-the-passcode", "user identity rejected: wrong passcode for user 'alice'")]
    [InlineData("mallory", Passcode, "user identity rejected: unknown user 'mallory'")]
    [InlineData("alice", null, "user identity rejected: user 'alice' presented no passcode, and AllowUsernameOnly is not set for them")]
    public async Task A_wrong_identity_is_rejected_permanently_by_the_service_user_with_no_reason_given(string user, string? passcode, string reason)
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await StartAsync(stored, required: false);

        var result = await StorescuAsync(server, passcode is null ? ["-usr", user] : ["-usr", user, "-pwd", passcode]);

        var said = Said(result);
        Assert.NotEqual(0, result.ExitCode);
        AssertIdentityRejection(said);
        await log.WaitForAsync($"association from STORESCU to {TestServer.AeTitle} at 127.0.0.1:", TimeSpan.FromSeconds(5));
        Assert.True(log.Contains($"rejected: {reason}"), string.Join("\n", log.Lines));
        Assert.Empty(stored.Received);
        Assert.DoesNotContain(log.Lines, l => l.Contains(passcode ?? Passcode, StringComparison.Ordinal));
        Assert.Equal(0, server.ActiveAssociations);
    }

    [Fact]
    public async Task A_username_only_user_is_accepted_by_username_alone()
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await StartAsync(stored, required: true);

        (await StorescuAsync(server, "-usr", "scanner", "-rsp")).EnsureSuccess("storescu as scanner (username only) with -rsp");

        Assert.Single(stored.Received);
        await log.WaitForAsync("verified as scanner; positive response sent", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Echoscu_without_an_identity_is_rejected_when_one_is_required_and_accepted_when_optional()
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using (var strict = await StartAsync(stored, required: true))
        {
            var result = await Dcmtk.RunAsync("echoscu", "-aet", "ECHOSCU", "-aec", TestServer.AeTitle, "127.0.0.1", Port(strict));

            Assert.NotEqual(0, result.ExitCode);
            AssertIdentityRejection(Said(result));
            await log.WaitForAsync("rejected: no user identity was presented, and one is required (RequireUserIdentity)", TimeSpan.FromSeconds(5));
        }

        await using var lenient = await StartAsync(stored, required: false);
        (await Dcmtk.RunAsync("echoscu", "-aet", "ECHOSCU", "-aec", TestServer.AeTitle, "127.0.0.1", Port(lenient))).EnsureSuccess("echoscu without identity");
        (await StorescuAsync(lenient)).EnsureSuccess("storescu without identity");
        Assert.Single(stored.Received);
    }

    [Fact]
    public async Task Without_a_validator_an_identity_is_not_looked_at_and_no_positive_response_is_sent()
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(stored.Handler), log);

        (await StorescuAsync(server, "-usr", "anyone", "-pwd", "anything")).EnsureSuccess("storescu with an unverified identity");
        var asked = await StorescuAsync(server, "-usr", "anyone", "-pwd", "anything", "-rsp");

        Assert.NotEqual(0, asked.ExitCode);
        Assert.Contains("Positive response requested but none received", Said(asked), StringComparison.Ordinal);
        Assert.False(log.Contains("verified as"), string.Join("\n", log.Lines));
    }

    [Fact]
    public async Task A_replaced_validator_judges_the_next_association_and_removing_it_stops_the_check()
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(stored.Handler), log);
        (await StorescuAsync(server, "-usr", "alice", "-pwd", "wrong")).EnsureSuccess("storescu before any validator");

        server.ReplaceUserIdentityValidator(new DicomUserAccountValidator([UserAccountValidatorTests.Account("alice", PasscodeHash)]));
        AssertIdentityRejection(Said(await StorescuAsync(server, "-usr", "alice", "-pwd", "wrong")));
        (await StorescuAsync(server, "-usr", "alice", "-pwd", Passcode, "-rsp")).EnsureSuccess("storescu as alice once the validator is in");

        server.ReplaceUserIdentityValidator(null);
        (await StorescuAsync(server, "-usr", "alice", "-pwd", "wrong")).EnsureSuccess("storescu once the validator is removed");
        Assert.Equal(3, stored.Received.Count);
    }

    [Fact]
    public async Task The_validator_cannot_be_removed_while_an_identity_is_required()
    {
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        await using var server = await StartAsync(stored, required: true);

        Assert.Throws<ArgumentException>(() => server.ReplaceUserIdentityValidator(null));
        (await StorescuAsync(server, "-usr", "alice", "-pwd", Passcode)).EnsureSuccess("storescu as alice: the validator stayed");
    }

    public void Dispose() => temp.Dispose();

    // storescu 3.6.7 prints "Association Rejected:" with "Result: Rejected Permanent, Source: Service User" and the reason.
    private static void AssertIdentityRejection(string said)
    {
        Assert.Contains("Association Rejected", said, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Rejected Permanent", said, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Service User", said, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("No Reason", said, StringComparison.OrdinalIgnoreCase);
    }

    private string Said(ProcessResult result)
    {
        var said = result.StandardOutput + result.StandardError;
        output.WriteLine(said);
        return said;
    }

    private Task<DicomServer> StartAsync(StoredFiles stored, bool required) =>
        TestServer.StartAsync(new DicomServiceRegistry().AddVerification().AddStorage(stored.Handler), log, options =>
        {
            options.UserIdentityValidator = new DicomUserAccountValidator(
            [
                UserAccountValidatorTests.Account("alice", PasscodeHash),
                UserAccountValidatorTests.Account("scanner", null, usernameOnly: true),
            ]);
            options.RequireUserIdentity = required;
        });

    private static Task<ProcessResult> StorescuAsync(DicomServer server, params string[] identity) =>
        Dcmtk.RunAsync("storescu", [.. identity, "-aet", "STORESCU", "-aec", TestServer.AeTitle, "127.0.0.1", Port(server), Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm")]);

    private static string Port(DicomServer server) => server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture);
}
