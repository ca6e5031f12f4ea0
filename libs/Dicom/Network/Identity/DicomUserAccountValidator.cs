using System.Text;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Identity;

/// <summary>
/// Verifies usernames and passcodes (PS3.7 user identity types 1 and 2) against configured
/// <see cref="DicomUserAccount"/>s. Other identity types (Kerberos, SAML, JWT) are rejected: nothing here can check
/// them. An unknown user costs as much time as a known one with a wrong passcode, so timing does not tell which
/// usernames exist.
/// </summary>
public sealed class DicomUserAccountValidator : IDicomUserIdentityValidator
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, Account> accounts;
    private readonly DicomPasscodeHash decoy;

    /// <summary>Takes the accounts; throws <see cref="ArgumentException"/> listing every problem of <see cref="Problems"/>.</summary>
    public DicomUserAccountValidator(IEnumerable<DicomUserAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var list = accounts.ToList();
        var problems = Problems(list, "Users");
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid DICOM user accounts: {string.Join(" ", problems)}", nameof(accounts));
        }

        this.accounts = list.ToDictionary(
            a => a.Username!,
            a => new Account(a.PasscodeHash is null ? null : DicomPasscodeHash.Parse(a.PasscodeHash), a.AllowUsernameOnly, a.CallingAeTitles.Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal)),
            StringComparer.Ordinal);
        var iterations = this.accounts.Values.Select(a => a.Passcode?.Iterations ?? 0).DefaultIfEmpty(0).Max();
        decoy = DicomPasscodeHash.Parse(DicomPasscodeHash.Create(Guid.NewGuid().ToString(), Math.Max(iterations, DicomPasscodeHash.MinimumIterations)));
    }

    /// <summary>Every problem of <paramref name="accounts"/>, each starting with its configuration path under <paramref name="path"/>; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<DicomUserAccount> accounts, string path)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            var at = $"{path}:{i}";
            if (string.IsNullOrEmpty(account.Username) || account.Username.Trim() != account.Username || Encoding.UTF8.GetByteCount(account.Username) > ushort.MaxValue)
            {
                problems.Add($"{at}:Username is required, without leading or trailing spaces.");
            }
            else if (!seen.Add(account.Username))
            {
                problems.Add($"{at}:Username '{account.Username}' is listed twice.");
            }

            if (account.PasscodeHash is not null && !DicomPasscodeHash.TryParse(account.PasscodeHash, out _, out var problem))
            {
                problems.Add($"{at}:PasscodeHash {problem}.");
            }
            else if (account.PasscodeHash is null && !account.AllowUsernameOnly)
            {
                problems.Add($"{at} has neither a PasscodeHash nor AllowUsernameOnly: give the hash `cloudrispacs-edge hash-passcode` prints, " +
                             "or set AllowUsernameOnly to accept the username alone.");
            }

            problems.AddRange(account.CallingAeTitles.Where(t => !DicomAeTitle.IsValid(t)).Select(t => $"{at}:CallingAeTitles: '{t}' is not a valid AE title."));
        }

        return problems;
    }

    public ValueTask<DicomUserIdentityDecision> ValidateAsync(DicomAssociationCandidate candidate, UserIdentityRequest identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(identity);
        return ValueTask.FromResult(Validate(candidate, identity));
    }

    private DicomUserIdentityDecision Validate(DicomAssociationCandidate candidate, UserIdentityRequest identity)
    {
        if (identity.IdentityType is not (UserIdentityType.Username or UserIdentityType.UsernameAndPasscode))
        {
            return DicomUserIdentityDecision.Reject($"user identity type {(byte)identity.IdentityType} ({identity.IdentityType}) is not supported; only username and username with passcode are");
        }

        if (!TryDecode(identity.PrimaryField, out var username))
        {
            return DicomUserIdentityDecision.Reject("the username is not UTF-8 text");
        }

        var known = accounts.TryGetValue(username, out var account);
        var withPasscode = identity.IdentityType == UserIdentityType.UsernameAndPasscode;

        // The passcode is checked (against a decoy for unknown users) before anything else is said, so every
        // rejection of a presented passcode takes the same time.
        var passcodeMatches = withPasscode && (account?.Passcode ?? decoy).Verifies(identity.SecondaryField.Span) && account?.Passcode is not null;
        var name = LogSafe(username);
        if (!known)
        {
            return DicomUserIdentityDecision.Reject($"unknown user '{name}'");
        }

        if (withPasscode && account!.Passcode is null)
        {
            return DicomUserIdentityDecision.Reject($"user '{name}' has no passcode configured (username only)");
        }

        if (withPasscode && !passcodeMatches)
        {
            return DicomUserIdentityDecision.Reject($"wrong passcode for user '{name}'");
        }

        if (!withPasscode && !account!.AllowUsernameOnly)
        {
            return DicomUserIdentityDecision.Reject($"user '{name}' presented no passcode, and AllowUsernameOnly is not set for them");
        }

        if (account!.CallingAeTitles.Count > 0 && !account.CallingAeTitles.Contains(candidate.CallingAeTitle))
        {
            return DicomUserIdentityDecision.Reject($"user '{name}' may not associate as calling AE title '{candidate.CallingAeTitle}'");
        }

        return DicomUserIdentityDecision.Accept(username);
    }

    private static bool TryDecode(ByteString field, out string text)
    {
        try
        {
            // Trailing spaces (even-length padding) and NULs are no part of a configured username.
            text = StrictUtf8.GetString(field.Span).TrimEnd(' ', '\0');
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    // A username from the wire goes into log lines: control characters could forge lines, and length is bounded.
    private static string LogSafe(string username)
    {
        var shown = new string(username.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return username.Length > 64 ? $"{shown}..." : shown;
    }

    private sealed record Account(DicomPasscodeHash? Passcode, bool AllowUsernameOnly, HashSet<string> CallingAeTitles);
}
