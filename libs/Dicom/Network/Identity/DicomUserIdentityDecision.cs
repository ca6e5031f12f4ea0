using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Identity;

/// <summary>
/// What an <see cref="IDicomUserIdentityValidator"/> decided. A rejection becomes an A-ASSOCIATE-RJ (rejected-permanent,
/// service user, no reason given: PS3.7 D.3.3.7.2) and a log line with <see cref="Reason"/>; an acceptance lets the
/// association go on, with <see cref="ServerResponse"/> in the A-ASSOCIATE-AC when the requestor asked for a positive
/// response.
/// </summary>
public sealed class DicomUserIdentityDecision
{
    private DicomUserIdentityDecision(bool accepted, string? user, ByteString serverResponse, string? reason)
    {
        IsAccepted = accepted;
        User = user;
        ServerResponse = serverResponse;
        Reason = reason;
    }

    public bool IsAccepted { get; }

    /// <summary>Who was accepted, as the log should name them (a username, never a credential).</summary>
    public string? User { get; }

    /// <summary>
    /// The server response for Kerberos, SAML and JWT identities (PS3.7 table D.3-15). Username and username-passcode
    /// identities always get a zero-length response, as the standard says, whatever is given here.
    /// </summary>
    public ByteString ServerResponse { get; }

    /// <summary>Why the identity was rejected, for the log (never the passcode).</summary>
    public string? Reason { get; }

    public static DicomUserIdentityDecision Accept(string user, ByteString serverResponse = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        return new(accepted: true, user, serverResponse, reason: null);
    }

    public static DicomUserIdentityDecision Reject(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(accepted: false, user: null, ByteString.Empty, reason);
    }
}
