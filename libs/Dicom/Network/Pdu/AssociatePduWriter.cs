namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>Writes the bodies of A-ASSOCIATE-RQ and -AC with their items, checking every value on the way.</summary>
internal static class AssociatePduWriter
{
    public static void WriteRequest(AssociateRequestPdu pdu, PduBuffer buffer)
    {
        WriteFixedFields(buffer, pdu.ProtocolVersion, pdu.CalledAeTitle, pdu.CallingAeTitle);
        WriteApplicationContext(buffer, pdu.ApplicationContextName);
        if (pdu.PresentationContexts.Count == 0)
        {
            throw new ArgumentException("An A-ASSOCIATE-RQ proposes at least one presentation context.", nameof(pdu));
        }

        if (pdu.PresentationContexts.Select(c => c.Id).Distinct().Count() != pdu.PresentationContexts.Count)
        {
            throw new ArgumentException("Presentation context ids must be unique.", nameof(pdu));
        }

        foreach (var context in pdu.PresentationContexts)
        {
            PduWriter.CheckContextId(context.Id);
            if (context.TransferSyntaxes.Count == 0)
            {
                throw new ArgumentException($"Presentation context {context.Id} proposes no transfer syntax.", nameof(pdu));
            }

            var start = BeginItem(buffer, PduItemType.PresentationContextRequest);
            buffer.WriteByte(context.Id);
            buffer.WriteZeros(3);
            WriteUidItem(buffer, PduItemType.AbstractSyntax, context.AbstractSyntax, "abstract syntax");
            foreach (var syntax in context.TransferSyntaxes)
            {
                WriteUidItem(buffer, PduItemType.TransferSyntax, syntax, "transfer syntax");
            }

            buffer.EndLength16(start, "presentation context item");
        }

        UserInformationWriter.Write(buffer, pdu.UserInformation, isRequest: true);
    }

    public static void WriteAccept(AssociateAcceptPdu pdu, PduBuffer buffer)
    {
        WriteFixedFields(buffer, pdu.ProtocolVersion, pdu.CalledAeTitle, pdu.CallingAeTitle);
        WriteApplicationContext(buffer, pdu.ApplicationContextName);
        foreach (var context in pdu.PresentationContexts)
        {
            PduWriter.CheckContextId(context.Id);
            var start = BeginItem(buffer, PduItemType.PresentationContextResult);
            buffer.WriteByte(context.Id);
            buffer.WriteByte(0);
            buffer.WriteByte((byte)context.Result);
            buffer.WriteByte(0);
            if (context.IsAccepted)
            {
                WriteUidItem(buffer, PduItemType.TransferSyntax, context.TransferSyntax, "transfer syntax");
            }
            else
            {
                // Not significant when not accepted (PS3.8 table 9-18); sent empty.
                var sub = BeginItem(buffer, PduItemType.TransferSyntax);
                buffer.EndLength16(sub, "transfer syntax");
            }

            buffer.EndLength16(start, "presentation context item");
        }

        UserInformationWriter.Write(buffer, pdu.UserInformation, isRequest: false);
    }

    internal static int BeginItem(PduBuffer buffer, byte type)
    {
        buffer.WriteByte(type);
        buffer.WriteByte(0);
        return buffer.BeginLength16();
    }

    internal static void WriteUidItem(PduBuffer buffer, byte type, string uid, string what)
    {
        CheckUid(uid, what);
        var start = BeginItem(buffer, type);
        buffer.WriteAscii(uid);
        buffer.EndLength16(start, what);
    }

    internal static void CheckUid(string uid, string what)
    {
        if (!DicomUid.IsValid(uid))
        {
            throw new ArgumentException($"'{uid}' is not a valid UID for the {what}.", nameof(uid));
        }
    }

    private static void WriteFixedFields(PduBuffer buffer, ushort version, string called, string calling)
    {
        buffer.WriteUInt16(version);
        buffer.WriteZeros(2);
        buffer.WritePadded(DicomAeTitle.Normalize(called, nameof(called)), DicomAeTitle.MaxLength);
        buffer.WritePadded(DicomAeTitle.Normalize(calling, nameof(calling)), DicomAeTitle.MaxLength);
        buffer.WriteZeros(32);
    }

    private static void WriteApplicationContext(PduBuffer buffer, string name) =>
        WriteUidItem(buffer, PduItemType.ApplicationContext, name, "application context name");
}
