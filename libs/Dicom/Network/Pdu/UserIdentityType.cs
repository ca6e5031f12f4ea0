namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>User identity type of the user identity negotiation sub-item (PS3.7 table D.3-14).</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    Kerberos = 3,
    Saml = 4,
    Jwt = 5,
}
