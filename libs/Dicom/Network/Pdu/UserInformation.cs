namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// The user information item (PS3.8 section 9.3.2.3, PS3.7 annex D): maximum length, implementation identity and the
/// optional negotiation sub-items. A maximum length of 0 means "no limit".
/// </summary>
public sealed record UserInformation
{
    public uint? MaximumLength { get; init; }

    public string? ImplementationClassUid { get; init; }

    public string? ImplementationVersionName { get; init; }

    public AsynchronousOperationsWindow? AsynchronousOperationsWindow { get; init; }

    public ValueList<RoleSelection> RoleSelections { get; init; } = new([]);

    public ValueList<SopClassExtendedNegotiation> ExtendedNegotiations { get; init; } = new([]);

    public ValueList<SopClassCommonExtendedNegotiation> CommonExtendedNegotiations { get; init; } = new([]);

    /// <summary>User identity negotiation of the requestor (A-ASSOCIATE-RQ only).</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>The acceptor's server response to user identity negotiation (A-ASSOCIATE-AC only).</summary>
    public ByteString? UserIdentityServerResponse { get; init; }

    public ValueList<UnknownItem> UnknownItems { get; init; } = new([]);
}
