using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// The user identity step's result: go on (verified as <see cref="User"/>, or not looked at), or refuse with
/// <see cref="Refusal"/>. <see cref="ServerResponse"/> is the 0x59 sub-item to send, null for none.
/// </summary>
internal sealed record UserIdentityOutcome(string? Refusal, AssociateRejectResult Result, string? User, ByteString? ServerResponse)
{
    /// <summary>No identity was checked: nothing is sent back, as before user identity negotiation was verified.</summary>
    public static UserIdentityOutcome Unverified { get; } = new(null, AssociateRejectResult.Permanent, null, null);

    public static UserIdentityOutcome Refused(string why, AssociateRejectResult result = AssociateRejectResult.Permanent) => new(why, result, null, null);

    public static UserIdentityOutcome Verified(string user, ByteString? serverResponse) => new(null, AssociateRejectResult.Permanent, user, serverResponse);
}
