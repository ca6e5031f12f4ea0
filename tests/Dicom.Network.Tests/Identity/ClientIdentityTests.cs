using System.Text;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Identity;

/// <summary>
/// Our own client presenting identities to our server: the positive response it gets, the rejection it reports, and a
/// validator that throws, hangs or answers for other identity types.
/// </summary>
public sealed class ClientIdentityTests(ITestOutputHelper output)
{
    private static readonly string BobHash = DicomPasscodeHash.Create("bob-passcode", DicomPasscodeHash.MinimumIterations);

    private readonly TestLog log = new(output);

    [Fact]
    public async Task The_right_passcode_gets_a_zero_length_positive_response_when_asked_for_and_none_otherwise()
    {
        await using var server = await StartAsync(new DicomUserAccountValidator([UserAccountValidatorTests.Account("bob", BobHash)]), required: true);

        await using (var asked = await ConnectAsync(server, Passcode("bob", "bob-passcode", positiveResponse: true)))
        {
            Assert.Equal(ByteString.Empty, asked.Info.UserIdentityServerResponse);
            Assert.Equal(DicomStatus.Success, await asked.EchoAsync());
        }

        await using var unasked = await ConnectAsync(server, Passcode("bob", "bob-passcode", positiveResponse: false));
        Assert.Null(unasked.Info.UserIdentityServerResponse);
        Assert.Equal(DicomStatus.Success, await unasked.EchoAsync());
    }

    [Fact]
    public async Task A_wrong_passcode_and_a_missing_identity_are_rejected_permanently_with_no_reason_given()
    {
        await using var server = await StartAsync(new DicomUserAccountValidator([UserAccountValidatorTests.Account("bob", BobHash)]), required: true);

        var wrong = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => ConnectAsync(server, Passcode("bob", "bob-Passcode", positiveResponse: true)));
        var missing = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => ConnectAsync(server, identity: null));

        foreach (var error in new[] { wrong, missing })
        {
            Assert.Contains("Permanent", error.Message, StringComparison.Ordinal);
            Assert.Contains("service user: no reason given", error.Message, StringComparison.Ordinal);
        }

        Assert.True(log.Contains("association from OURSCU to OURSCP at 127.0.0.1:"), string.Join("\n", log.Lines));
        Assert.True(log.Contains("rejected: user identity rejected: wrong passcode for user 'bob'"), string.Join("\n", log.Lines));
        Assert.Equal(0, server.ActiveAssociations);
    }

    [Fact]
    public async Task A_validator_that_throws_rejects_transiently_and_the_server_keeps_serving()
    {
        var calls = 0;
        var validator = new DelegateValidator((_, _) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("the user directory is away")
            : DicomUserIdentityDecision.Accept("anyone"));
        await using var server = await StartAsync(validator, required: true);

        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => ConnectAsync(server, Passcode("bob", "bob-passcode", positiveResponse: false)));

        Assert.Contains("Transient", error.Message, StringComparison.Ordinal);
        Assert.Contains("service user: no reason given", error.Message, StringComparison.Ordinal);
        Assert.True(log.Contains("rejected: the user identity validator failed: InvalidOperationException: the user directory is away"), string.Join("\n", log.Lines));
        await using var next = await ConnectAsync(server, Passcode("bob", "bob-passcode", positiveResponse: false));
        Assert.Equal(DicomStatus.Success, await next.EchoAsync());
    }

    [Fact]
    public async Task A_validator_that_does_not_answer_within_the_artim_timeout_rejects_transiently()
    {
        var validator = new DelegateValidator((_, _) =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return DicomUserIdentityDecision.Accept("late");
        });
        await using var server = await StartAsync(validator, required: true, artim: TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => ConnectAsync(server, Passcode("bob", "x", positiveResponse: false)));

        Assert.Contains("Transient", error.Message, StringComparison.Ordinal);
        Assert.True(log.Contains("rejected: the user identity validator did not answer within 00:00:00.5"), string.Join("\n", log.Lines));
    }

    [Fact]
    public async Task The_validators_server_response_is_sent_for_a_token_but_never_for_a_passcode()
    {
        var validator = new DelegateValidator((_, identity) => DicomUserIdentityDecision.Accept("token user", "server-token"u8.ToArray()));
        await using var server = await StartAsync(validator, required: false);

        await using (var jwt = await ConnectAsync(server, new UserIdentityRequest(UserIdentityType.Jwt, true, "eyJ.e30.sig"u8.ToArray(), ByteString.Empty)))
        {
            Assert.Equal("server-token", Encoding.ASCII.GetString(jwt.Info.UserIdentityServerResponse!.Value.Span));
        }

        await using var passcode = await ConnectAsync(server, Passcode("bob", "x", positiveResponse: true));
        Assert.Equal(ByteString.Empty, passcode.Info.UserIdentityServerResponse);
    }

    [Fact]
    public void Requiring_an_identity_without_a_validator_is_a_configuration_problem()
    {
        var options = new DicomServerOptions { Port = 0, AllowAnyCallingAeTitle = true, RequireUserIdentity = true };

        var error = Assert.Throws<ArgumentException>(() => new DicomServer(options, new DicomServiceRegistry()));

        Assert.Contains("RequireUserIdentity needs a UserIdentityValidator", error.Message, StringComparison.Ordinal);
    }

    private static UserIdentityRequest Passcode(string user, string passcode, bool positiveResponse) =>
        new(UserIdentityType.UsernameAndPasscode, positiveResponse, Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(passcode));

    private Task<DicomServer> StartAsync(IDicomUserIdentityValidator validator, bool required, TimeSpan? artim = null) =>
        TestServer.StartAsync(new DicomServiceRegistry().AddVerification(), log, options =>
        {
            options.UserIdentityValidator = validator;
            options.RequireUserIdentity = required;
            options.ArtimTimeout = artim ?? options.ArtimTimeout;
        });

    private Task<DicomClientAssociation> ConnectAsync(DicomServer server, UserIdentityRequest? identity) =>
        TestServer.ClientFor(server, log, configure: options => options.UserIdentity = identity)
            .ConnectAsync([new DicomPresentationContextProposal(DicomUid.Verification.Value)]);

    private sealed class DelegateValidator(Func<DicomAssociationCandidate, UserIdentityRequest, DicomUserIdentityDecision> decide) : IDicomUserIdentityValidator
    {
        public ValueTask<DicomUserIdentityDecision> ValidateAsync(DicomAssociationCandidate candidate, UserIdentityRequest identity, CancellationToken cancellationToken) =>
            ValueTask.FromResult(decide(candidate, identity));
    }
}
