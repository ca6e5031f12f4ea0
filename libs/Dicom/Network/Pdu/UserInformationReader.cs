namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>Reads the sub-items of the user information item (PS3.7 annex D); unknown ones are kept as <see cref="UnknownItem"/>.</summary>
internal static class UserInformationReader
{
    public static UserInformation Read(ReadOnlySpan<byte> value)
    {
        var reader = new PduBodyReader(value, "user information item");
        var info = new UserInformation();
        var roles = new List<RoleSelection>();
        var extended = new List<SopClassExtendedNegotiation>();
        var common = new List<SopClassCommonExtendedNegotiation>();
        var unknown = new List<UnknownItem>();
        while (reader.Remaining > 0)
        {
            var type = AssociatePduReader.ReadItem(ref reader, "user information sub-item", out var sub);
            switch (type)
            {
                case PduItemType.MaximumLength:
                    info = info with { MaximumLength = new PduBodyReader(sub, "maximum length sub-item").ReadUInt32() };
                    break;
                case PduItemType.ImplementationClassUid:
                    info = info with { ImplementationClassUid = PduBodyReader.Trim(sub) };
                    break;
                case PduItemType.ImplementationVersionName:
                    info = info with { ImplementationVersionName = PduBodyReader.Trim(sub) };
                    break;
                case PduItemType.AsynchronousOperationsWindow:
                    var window = new PduBodyReader(sub, "asynchronous operations window sub-item");
                    info = info with { AsynchronousOperationsWindow = new AsynchronousOperationsWindow(window.ReadUInt16(), window.ReadUInt16()) };
                    break;
                case PduItemType.RoleSelection:
                    roles.Add(ReadRole(sub));
                    break;
                case PduItemType.SopClassExtendedNegotiation:
                    extended.Add(ReadExtended(sub));
                    break;
                case PduItemType.SopClassCommonExtendedNegotiation:
                    common.Add(ReadCommonExtended(sub));
                    break;
                case PduItemType.UserIdentityRequest:
                    info = info with { UserIdentity = ReadIdentity(sub) };
                    break;
                case PduItemType.UserIdentityResponse:
                    var response = new PduBodyReader(sub, "user identity response sub-item");
                    info = info with { UserIdentityServerResponse = response.ReadBytes(response.ReadUInt16()).ToArray() };
                    break;
                default:
                    unknown.Add(new UnknownItem(type, sub.ToArray()));
                    break;
            }
        }

        return info with { RoleSelections = roles, ExtendedNegotiations = extended, CommonExtendedNegotiations = common, UnknownItems = unknown };
    }

    private static RoleSelection ReadRole(ReadOnlySpan<byte> sub)
    {
        var reader = new PduBodyReader(sub, "role selection sub-item");
        var uid = reader.ReadText(reader.ReadUInt16());
        return new RoleSelection(uid, reader.ReadByte() != 0, reader.ReadByte() != 0);
    }

    private static SopClassExtendedNegotiation ReadExtended(ReadOnlySpan<byte> sub)
    {
        var reader = new PduBodyReader(sub, "SOP class extended negotiation sub-item");
        var uid = reader.ReadText(reader.ReadUInt16());
        return new SopClassExtendedNegotiation(uid, reader.ReadBytes(reader.Remaining).ToArray());
    }

    private static SopClassCommonExtendedNegotiation ReadCommonExtended(ReadOnlySpan<byte> sub)
    {
        var reader = new PduBodyReader(sub, "SOP class common extended negotiation sub-item");
        var sopClass = reader.ReadText(reader.ReadUInt16());
        var serviceClass = reader.ReadText(reader.ReadUInt16());
        var related = new List<string>();
        var relatedBytes = reader.ReadBytes(reader.ReadUInt16());
        var inner = new PduBodyReader(relatedBytes, "related general SOP class identification");
        while (inner.Remaining > 0)
        {
            related.Add(inner.ReadText(inner.ReadUInt16()));
        }

        return new SopClassCommonExtendedNegotiation(sopClass, serviceClass, related);
    }

    private static UserIdentityRequest ReadIdentity(ReadOnlySpan<byte> sub)
    {
        var reader = new PduBodyReader(sub, "user identity sub-item");
        var type = (UserIdentityType)reader.ReadByte();
        var positive = reader.ReadByte() != 0;
        var primary = reader.ReadBytes(reader.ReadUInt16()).ToArray();
        var secondary = reader.Remaining >= 2 ? reader.ReadBytes(reader.ReadUInt16()).ToArray() : [];
        return new UserIdentityRequest(type, positive, primary, secondary);
    }
}
