namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// User identity negotiation sub-item of A-ASSOCIATE-RQ (PS3.7 section D.3.3.7.1). The secondary field carries the
/// passcode for <see cref="UserIdentityType.UsernameAndPasscode"/> and is empty otherwise.
/// </summary>
public sealed record UserIdentityRequest(UserIdentityType IdentityType, bool PositiveResponseRequested, ByteString PrimaryField, ByteString SecondaryField)
{
    // Credentials never go to logs.
    public override string ToString() => $"UserIdentityRequest {{ {IdentityType}, response requested: {PositiveResponseRequested} }}";
}
