using System.Buffers;
using System.Buffers.Binary;

namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// Writes PDUs (PS3.8 section 9.3), strictly: AE titles, UIDs, context ids and item sizes are checked, and reserved
/// fields are zero. Anything that would put an invalid PDU on the wire throws <see cref="ArgumentException"/>.
/// </summary>
public static class PduWriter
{
    /// <summary>The bytes of a PDU (header included).</summary>
    public static byte[] ToArray(Pdu pdu)
    {
        var output = new ArrayBufferWriter<byte>(256);
        Write(pdu, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes a PDU to a buffer writer (a <see cref="System.IO.Pipelines.PipeWriter"/>, for instance).</summary>
    public static void Write(Pdu pdu, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(output);
        if (pdu is PDataTransferPdu data)
        {
            WritePData(data, output);
            return;
        }

        var buffer = new PduBuffer();
        buffer.WriteByte((byte)pdu.Type);
        buffer.WriteByte(0);
        var start = buffer.BeginLength32();
        switch (pdu)
        {
            case AssociateRequestPdu request:
                AssociatePduWriter.WriteRequest(request, buffer);
                break;
            case AssociateAcceptPdu accept:
                AssociatePduWriter.WriteAccept(accept, buffer);
                break;
            case AssociateRejectPdu reject:
                buffer.WriteByte(0);
                buffer.WriteByte((byte)reject.Result);
                buffer.WriteByte((byte)reject.Source);
                buffer.WriteByte(reject.Reason);
                break;
            case ReleaseRequestPdu or ReleaseResponsePdu:
                buffer.WriteZeros(4);
                break;
            case AbortPdu abort:
                buffer.WriteZeros(2);
                buffer.WriteByte((byte)abort.Source);
                buffer.WriteByte(abort.Source == AbortSource.ServiceProvider ? (byte)abort.Reason : (byte)0);
                break;
            default:
                throw new ArgumentException($"{pdu.GetType().Name} cannot be written.", nameof(pdu));
        }

        buffer.EndLength32(start);
        output.Write(buffer.Written);
    }

    /// <summary>The encoded size of a PDV item carrying <paramref name="dataLength"/> bytes: length, context id, header.</summary>
    public static int PdvItemLength(int dataLength) => 4 + 2 + dataLength;

    private static void WritePData(PDataTransferPdu pdu, IBufferWriter<byte> output)
    {
        if (pdu.Values.Count == 0)
        {
            throw new ArgumentException("A P-DATA-TF PDU carries at least one presentation data value.", nameof(pdu));
        }

        long length = 0;
        foreach (var value in pdu.Values)
        {
            CheckContextId(value.PresentationContextId);
            length += PdvItemLength(value.Data.Length);
        }

        if (length > uint.MaxValue - PduReader.HeaderLength)
        {
            throw new ArgumentException($"A P-DATA-TF PDU of {length} bytes is too large.", nameof(pdu));
        }

        var header = output.GetSpan(PduReader.HeaderLength);
        header[0] = (byte)PduType.PDataTransfer;
        header[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[2..], (uint)length);
        output.Advance(PduReader.HeaderLength);
        foreach (var value in pdu.Values)
        {
            var item = output.GetSpan(6);
            BinaryPrimitives.WriteUInt32BigEndian(item, (uint)(value.Data.Length + 2));
            item[4] = value.PresentationContextId;
            item[5] = value.MessageControlHeader;
            output.Advance(6);
            output.Write(value.Data.Span);
        }
    }

    internal static void CheckContextId(byte id)
    {
        if (id % 2 == 0)
        {
            throw new ArgumentException($"Presentation context id {id} is not odd (PS3.8 section 9.3.2.2).", nameof(id));
        }
    }
}
