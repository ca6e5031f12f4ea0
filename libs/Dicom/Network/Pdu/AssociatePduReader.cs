namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>Reads the bodies of A-ASSOCIATE-RQ and -AC: the fixed fields, then the variable items in any order.</summary>
internal static class AssociatePduReader
{
    private delegate void ItemHandler(ReadOnlySpan<byte> value);

    public static AssociateRequestPdu ReadRequest(byte[] body)
    {
        var contexts = new List<PresentationContextRequest>();
        var common = ReadCommon(body, "A-ASSOCIATE-RQ", PduItemType.PresentationContextRequest, value => contexts.Add(ReadContextRequest(value)));
        return new AssociateRequestPdu(common.Called, common.Calling, contexts, common.UserInformation)
        {
            ProtocolVersion = common.Version,
            ApplicationContextName = common.ApplicationContext,
        };
    }

    public static AssociateAcceptPdu ReadAccept(byte[] body)
    {
        var contexts = new List<PresentationContextResult>();
        var common = ReadCommon(body, "A-ASSOCIATE-AC", PduItemType.PresentationContextResult, value => contexts.Add(ReadContextResult(value)));
        return new AssociateAcceptPdu(common.Called, common.Calling, contexts, common.UserInformation)
        {
            ProtocolVersion = common.Version,
            ApplicationContextName = common.ApplicationContext,
        };
    }

    /// <summary>One item: type, a reserved byte, a 16-bit length, the value.</summary>
    internal static byte ReadItem(ref PduBodyReader reader, string what, out ReadOnlySpan<byte> value)
    {
        var type = reader.ReadByte();
        reader.Skip(1);
        var length = reader.ReadUInt16();
        if (length > reader.Remaining)
        {
            throw new PduFormatException(AbortReason.InvalidPduParameterValue, $"{what} 0x{type:X2} claims {length} bytes; {reader.Remaining} left.");
        }

        value = reader.ReadBytes(length);
        return type;
    }

    /// <summary>
    /// The fixed fields (version, called and calling AE, reserved bytes), then the items in any order: application
    /// context, the presentation contexts of <paramref name="contextItemType"/>, user information; others are skipped.
    /// </summary>
    private static CommonFields ReadCommon(byte[] body, string what, byte contextItemType, ItemHandler onContext)
    {
        var reader = new PduBodyReader(body, what);
        var version = reader.ReadUInt16();
        reader.Skip(2);
        var called = reader.ReadText(16);
        var calling = reader.ReadText(16);
        reader.Skip(32);
        var applicationContext = string.Empty;
        var userInformation = new UserInformation();
        while (reader.Remaining > 0)
        {
            var itemType = ReadItem(ref reader, $"{what} item", out var value);
            if (itemType == PduItemType.ApplicationContext)
            {
                applicationContext = PduBodyReader.Trim(value);
            }
            else if (itemType == contextItemType)
            {
                onContext(value);
            }
            else if (itemType == PduItemType.UserInformation)
            {
                userInformation = UserInformationReader.Read(value);
            }
        }

        return new CommonFields(version, called, calling, applicationContext, userInformation);
    }

    private static PresentationContextRequest ReadContextRequest(ReadOnlySpan<byte> value)
    {
        var reader = new PduBodyReader(value, "presentation context item");
        var id = reader.ReadByte();
        reader.Skip(3);
        var abstractSyntax = string.Empty;
        var transferSyntaxes = new List<string>();
        while (reader.Remaining > 0)
        {
            var type = ReadItem(ref reader, "presentation context sub-item", out var sub);
            if (type == PduItemType.AbstractSyntax)
            {
                abstractSyntax = PduBodyReader.Trim(sub);
            }
            else if (type == PduItemType.TransferSyntax)
            {
                transferSyntaxes.Add(PduBodyReader.Trim(sub));
            }
        }

        return new PresentationContextRequest(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextResult ReadContextResult(ReadOnlySpan<byte> value)
    {
        var reader = new PduBodyReader(value, "presentation context item");
        var id = reader.ReadByte();
        reader.Skip(1);
        var result = (PresentationContextResultReason)reader.ReadByte();
        reader.Skip(1);
        var transferSyntax = string.Empty;
        while (reader.Remaining > 0)
        {
            var type = ReadItem(ref reader, "presentation context sub-item", out var sub);
            if (type == PduItemType.TransferSyntax)
            {
                transferSyntax = PduBodyReader.Trim(sub);
            }
        }

        return new PresentationContextResult(id, result, transferSyntax);
    }

    private sealed record CommonFields(ushort Version, string Called, string Calling, string ApplicationContext, UserInformation UserInformation);
}
