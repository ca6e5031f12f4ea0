using System.Text;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Tests.Identity;

/// <summary>Usernames and passcodes against configured accounts: who gets in, and what each refusal says.</summary>
public sealed class UserAccountValidatorTests
{
    private static readonly string AliceHash = DicomPasscodeHash.Create("alice-secret", DicomPasscodeHash.MinimumIterations);

    private readonly DicomUserAccountValidator validator = new([
        Account("alice", AliceHash),
        Account("device", null, usernameOnly: true),
        Account("ct-only", AliceHash, callingAeTitles: ["CT_ROOM1"]),
    ]);

    [Theory]
    [InlineData("MODALITY1", "alice", "alice-secret", null)]
    [InlineData("MODALITY1", "alice", "alice-Secret", "wrong passcode for user 'alice'")]
    [InlineData("MODALITY1", "alice", null, "user 'alice' presented no passcode, and AllowUsernameOnly is not set for them")]
    [InlineData("MODALITY1", "bob", "alice-secret", "unknown user 'bob'")]
    [InlineData("MODALITY1", "bob", null, "unknown user 'bob'")]
    [InlineData("MODALITY1", "device", null, null)]
    [InlineData("MODALITY1", "device", "anything", "user 'device' has no passcode configured (username only)")]
    [InlineData("CT_ROOM1", "ct-only", "alice-secret", null)]
    [InlineData("MODALITY1", "ct-only", "alice-secret", "user 'ct-only' may not associate as calling AE title 'MODALITY1'")]
    [InlineData("MODALITY1", "ALICE", "alice-secret", "unknown user 'ALICE'")]
    public async Task Decides_by_account_passcode_and_calling_ae_title(string calling, string username, string? passcode, string? refusal)
    {
        var decision = await validator.ValidateAsync(Candidate(calling), Identity(username, passcode), CancellationToken.None);

        Assert.Equal(refusal is null, decision.IsAccepted);
        Assert.Equal(refusal, decision.Reason);
        Assert.Equal(refusal is null ? username : null, decision.User);
        if (passcode is not null)
        {
            Assert.DoesNotContain(passcode, decision.Reason ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Padding_after_the_username_is_no_part_of_it()
    {
        var identity = new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, false, Encoding.UTF8.GetBytes("alice "), Encoding.UTF8.GetBytes("alice-secret"));

        Assert.True((await validator.ValidateAsync(Candidate("MODALITY1"), identity, CancellationToken.None)).IsAccepted);
    }

    [Theory]
    [InlineData(UserIdentityType.Kerberos)]
    [InlineData(UserIdentityType.Saml)]
    [InlineData(UserIdentityType.Jwt)]
    [InlineData((UserIdentityType)9)]
    public async Task Identity_types_other_than_username_are_rejected_as_not_supported(UserIdentityType type)
    {
        var decision = await validator.ValidateAsync(Candidate("MODALITY1"), new UserIdentityRequest(type, true, "alice"u8.ToArray(), ByteString.Empty), CancellationToken.None);

        Assert.False(decision.IsAccepted);
        Assert.Contains($"user identity type {(byte)type}", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("is not supported", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_username_that_is_not_utf8_or_holds_control_characters_is_refused_or_shown_safely()
    {
        var notUtf8 = new UserIdentityRequest(UserIdentityType.Username, false, new byte[] { 0xC3, 0x28 }, ByteString.Empty);
        var forged = Identity("x\nINFO forged line", "p");

        Assert.Equal("the username is not UTF-8 text", (await validator.ValidateAsync(Candidate("MODALITY1"), notUtf8, CancellationToken.None)).Reason);
        Assert.Equal("unknown user 'x?INFO forged line'", (await validator.ValidateAsync(Candidate("MODALITY1"), forged, CancellationToken.None)).Reason);
    }

    [Fact]
    public void Every_configuration_problem_is_listed_with_its_path()
    {
        var problems = DicomUserAccountValidator.Problems(
        [
            Account("alice", AliceHash),
            Account("alice", AliceHash),
            Account(" spaced", AliceHash),
            Account("nohash", null),
            Account("badhash", "alice-secret"),
            Account("badae", AliceHash, callingAeTitles: ["A\\B"]),
        ], "Dicom:Users");

        Assert.Equal(
        [
            "Dicom:Users:1:Username 'alice' is listed twice.",
            "Dicom:Users:2:Username is required, without leading or trailing spaces.",
            "Dicom:Users:3 has neither a PasscodeHash nor AllowUsernameOnly: give the hash `cloudrispacs-edge hash-passcode` prints, or set AllowUsernameOnly to accept the username alone.",
            "Dicom:Users:4:PasscodeHash is not a passcode hash of the form pbkdf2-sha256$ITERATIONS$SALT$HASH (create one with `cloudrispacs-edge hash-passcode`).",
            "Dicom:Users:5:CallingAeTitles: 'A\\B' is not a valid AE title.",
        ], problems);
        Assert.DoesNotContain(problems, p => p.Contains("alice-secret", StringComparison.Ordinal));
        Assert.Contains("Users:1:Username 'alice' is listed twice", Assert.Throws<ArgumentException>(() => new DicomUserAccountValidator([Account("alice", AliceHash), Account("alice", AliceHash)])).Message, StringComparison.Ordinal);
    }

    internal static DicomUserAccount Account(string username, string? passcodeHash, bool usernameOnly = false, string[]? callingAeTitles = null)
    {
        var account = new DicomUserAccount { Username = username, PasscodeHash = passcodeHash, AllowUsernameOnly = usernameOnly };
        foreach (var title in callingAeTitles ?? [])
        {
            account.CallingAeTitles.Add(title);
        }

        return account;
    }

    private static DicomAssociationCandidate Candidate(string calling) => new(calling, "OURSCP", null);

    private static UserIdentityRequest Identity(string username, string? passcode) => passcode is null
        ? new UserIdentityRequest(UserIdentityType.Username, false, Encoding.UTF8.GetBytes(username), ByteString.Empty)
        : new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, false, Encoding.UTF8.GetBytes(username), Encoding.UTF8.GetBytes(passcode));
}
