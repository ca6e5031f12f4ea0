namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>Writes the user information item and its sub-items in the order of PS3.7 annex D.</summary>
internal static class UserInformationWriter
{
    public static void Write(PduBuffer buffer, UserInformation info, bool isRequest)
    {
        ArgumentNullException.ThrowIfNull(info);
        var start = AssociatePduWriter.BeginItem(buffer, PduItemType.UserInformation);
        if (info.MaximumLength is { } maximum)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.MaximumLength);
            buffer.WriteUInt32(maximum);
            buffer.EndLength16(sub, "maximum length");
        }

        if (info.ImplementationClassUid is { } implementation)
        {
            AssociatePduWriter.WriteUidItem(buffer, PduItemType.ImplementationClassUid, implementation, "implementation class UID");
        }

        if (info.AsynchronousOperationsWindow is { } window)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.AsynchronousOperationsWindow);
            buffer.WriteUInt16(window.MaxOperationsInvoked);
            buffer.WriteUInt16(window.MaxOperationsPerformed);
            buffer.EndLength16(sub, "asynchronous operations window");
        }

        foreach (var role in info.RoleSelections)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.RoleSelection);
            WriteUid16(buffer, role.SopClassUid, "role selection SOP class");
            buffer.WriteByte(role.ScuRole ? (byte)1 : (byte)0);
            buffer.WriteByte(role.ScpRole ? (byte)1 : (byte)0);
            buffer.EndLength16(sub, "role selection");
        }

        if (info.ImplementationVersionName is { } version)
        {
            if (version.Length is < 1 or > 16 || !version.All(c => c is > ' ' and <= '~' && c != '\\'))
            {
                throw new ArgumentException($"'{version}' is not a valid implementation version name (1 to 16 characters).", nameof(info));
            }

            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.ImplementationVersionName);
            buffer.WriteAscii(version);
            buffer.EndLength16(sub, "implementation version name");
        }

        foreach (var negotiation in info.ExtendedNegotiations)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.SopClassExtendedNegotiation);
            WriteUid16(buffer, negotiation.SopClassUid, "extended negotiation SOP class");
            buffer.WriteBytes(negotiation.ServiceClassApplicationInformation.Span);
            buffer.EndLength16(sub, "SOP class extended negotiation");
        }

        foreach (var negotiation in info.CommonExtendedNegotiations)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.SopClassCommonExtendedNegotiation);
            WriteUid16(buffer, negotiation.SopClassUid, "common extended negotiation SOP class");
            WriteUid16(buffer, negotiation.ServiceClassUid, "common extended negotiation service class");
            var related = buffer.BeginLength16();
            foreach (var uid in negotiation.RelatedGeneralSopClassUids)
            {
                WriteUid16(buffer, uid, "related general SOP class");
            }

            buffer.EndLength16(related, "related general SOP class identification");
            buffer.EndLength16(sub, "SOP class common extended negotiation");
        }

        if (isRequest && info.UserIdentity is { } identity)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.UserIdentityRequest);
            buffer.WriteByte((byte)identity.IdentityType);
            buffer.WriteByte(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
            WriteBytes16(buffer, identity.PrimaryField);
            WriteBytes16(buffer, identity.SecondaryField);
            buffer.EndLength16(sub, "user identity");
        }

        if (!isRequest && info.UserIdentityServerResponse is { } response)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, PduItemType.UserIdentityResponse);
            WriteBytes16(buffer, response);
            buffer.EndLength16(sub, "user identity response");
        }

        foreach (var unknown in info.UnknownItems)
        {
            var sub = AssociatePduWriter.BeginItem(buffer, unknown.ItemType);
            buffer.WriteBytes(unknown.Value.Span);
            buffer.EndLength16(sub, "user information sub-item");
        }

        buffer.EndLength16(start, "user information item");
    }

    private static void WriteUid16(PduBuffer buffer, string uid, string what)
    {
        AssociatePduWriter.CheckUid(uid, what);
        var start = buffer.BeginLength16();
        buffer.WriteAscii(uid);
        buffer.EndLength16(start, what);
    }

    private static void WriteBytes16(PduBuffer buffer, ByteString bytes)
    {
        var start = buffer.BeginLength16();
        buffer.WriteBytes(bytes.Span);
        buffer.EndLength16(start, "user identity field");
    }
}
