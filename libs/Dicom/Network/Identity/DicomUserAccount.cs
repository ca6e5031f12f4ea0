namespace CloudRisPacs.Dicom.Network.Identity;

/// <summary>
/// A user who may present a username (and passcode) in user identity negotiation, for
/// <see cref="DicomUserAccountValidator"/>: bind it from configuration. The passcode is kept only as a
/// <see cref="DicomPasscodeHash"/> string.
/// </summary>
public sealed class DicomUserAccount
{
    /// <summary>The username (the identity's primary field; exact and case-sensitive).</summary>
    public string? Username { get; set; }

    /// <summary>The passcode as a <see cref="DicomPasscodeHash"/> string; null for a user who signs in by username alone.</summary>
    public string? PasscodeHash { get; set; }

    /// <summary>
    /// Accept this user by username alone (identity type 1, no passcode). Off unless set: a username is no secret, so
    /// this only names the sender. A passcode, when one is presented, is still checked against <see cref="PasscodeHash"/>.
    /// </summary>
    public bool AllowUsernameOnly { get; set; }

    /// <summary>The calling AE titles this user may associate from; empty for any the server accepts.</summary>
    public IList<string> CallingAeTitles { get; } = new List<string>();
}
