using System.Buffers;

namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// Reads PDUs from the front of a buffer in the System.IO.Pipelines style: call <see cref="TryRead"/> in a loop; each
/// true result slices the PDU's bytes off. Lengths are checked before anything is buffered, so a peer cannot make the
/// caller hold more than the limit. Anything malformed comes back as an <see cref="InvalidPdu"/> (never an exception);
/// unknown items and sub-items are skipped or kept, reserved fields are not tested (PS3.8 section 9.3.1).
/// </summary>
public static class PduReader
{
    public const int HeaderLength = 6;

    /// <summary>A-ASSOCIATE-RQ/AC PDUs larger than this are refused (user identity assertions fit easily).</summary>
    public const uint MaxAssociatePduLength = 1 << 20;

    /// <summary>No PDU is ever accepted above this, whatever limit the caller passes.</summary>
    public const uint AbsoluteMaxPduLength = 64 << 20;

    private const uint MaxShortPduLength = 256;

    /// <summary>
    /// Reads the next PDU when it is complete in <paramref name="buffer"/>. False means more bytes are needed (nothing
    /// consumed). An oversized or unknown PDU is returned as <see cref="InvalidPdu"/> with the whole buffer consumed,
    /// since the stream cannot be trusted after it.
    /// </summary>
    /// <param name="buffer">The bytes received so far; on true, what follows the PDU.</param>
    /// <param name="maxPDataLength">The largest P-DATA-TF PDU length accepted (the maximum length this side announced).</param>
    /// <param name="pdu">The PDU read.</param>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, uint maxPDataLength, [NotNullWhen(true)] out Pdu? pdu)
    {
        pdu = null;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.TryRead(out var type);
        reader.Advance(1);
        reader.TryReadBigEndian(out int signedLength);

        var length = (uint)signedLength;
        uint? limit = type switch
        {
            (byte)PduType.AssociateRequest or (byte)PduType.AssociateAccept => MaxAssociatePduLength,
            (byte)PduType.PDataTransfer => Math.Min(maxPDataLength == 0 ? AbsoluteMaxPduLength : maxPDataLength, AbsoluteMaxPduLength),
            (byte)PduType.AssociateReject or (byte)PduType.ReleaseRequest or (byte)PduType.ReleaseResponse or (byte)PduType.Abort => MaxShortPduLength,
            _ => null,
        };
        if (limit is null)
        {
            pdu = new InvalidPdu(type, AbortReason.UnrecognizedPdu, $"Unknown PDU type 0x{type:X2}.");
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        if (length > limit)
        {
            pdu = new InvalidPdu(type, AbortReason.InvalidPduParameterValue, $"PDU type 0x{type:X2} of {length} bytes exceeds the limit of {limit} bytes.");
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        var body = GC.AllocateUninitializedArray<byte>((int)length);
        reader.UnreadSequence.Slice(0, length).CopyTo(body);
        buffer = buffer.Slice(reader.Position).Slice(length);
        try
        {
            pdu = ParseBody((PduType)type, body);
        }
        catch (PduFormatException ex)
        {
            pdu = new InvalidPdu(type, ex.Reason, ex.Message);
        }

        return true;
    }

    private static Pdu ParseBody(PduType type, byte[] body) => type switch
    {
        PduType.AssociateRequest => AssociatePduReader.ReadRequest(body),
        PduType.AssociateAccept => AssociatePduReader.ReadAccept(body),
        PduType.AssociateReject => ReadReject(body),
        PduType.PDataTransfer => ReadPData(body),
        PduType.ReleaseRequest => CheckShort(body, ReleaseRequestPdu.Instance),
        PduType.ReleaseResponse => CheckShort(body, ReleaseResponsePdu.Instance),
        _ => ReadAbort(body),
    };

    private static Pdu CheckShort(byte[] body, Pdu pdu) =>
        body.Length >= 4 ? pdu : throw new PduFormatException(AbortReason.InvalidPduParameterValue, $"{pdu.Type} PDU of {body.Length} bytes; 4 expected.");

    private static AssociateRejectPdu ReadReject(byte[] body)
    {
        var reader = new PduBodyReader(body, "A-ASSOCIATE-RJ");
        reader.Skip(1);
        return new AssociateRejectPdu((AssociateRejectResult)reader.ReadByte(), (AssociateRejectSource)reader.ReadByte(), reader.ReadByte());
    }

    private static AbortPdu ReadAbort(byte[] body)
    {
        var reader = new PduBodyReader(body, "A-ABORT");
        reader.Skip(2);
        return new AbortPdu((AbortSource)reader.ReadByte(), (AbortReason)reader.ReadByte());
    }

    private static PDataTransferPdu ReadPData(byte[] body)
    {
        var values = new List<PresentationDataValue>(1);
        var reader = new PduBodyReader(body, "P-DATA-TF");
        while (reader.Remaining > 0)
        {
            var itemLength = reader.ReadUInt32();
            if (itemLength < 2 || itemLength > reader.Remaining)
            {
                throw new PduFormatException(AbortReason.InvalidPduParameterValue, $"PDV item length {itemLength} with {reader.Remaining} bytes left in the PDU.");
            }

            var contextId = reader.ReadByte();
            var header = reader.ReadByte();
            var dataLength = (int)itemLength - 2;
            values.Add(new PresentationDataValue(contextId, (header & 1) != 0, (header & 2) != 0, new ByteString(body.AsMemory(reader.Position, dataLength))));
            reader.Skip(dataLength);
        }

        return values.Count > 0
            ? new PDataTransferPdu(new ValueList<PresentationDataValue>(values))
            : throw new PduFormatException(AbortReason.InvalidPduParameterValue, "P-DATA-TF without presentation data values.");
    }
}
