using System.Buffers;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// Splits a DIMSE message into P-DATA-TF PDUs no longer than the peer's maximum length (PS3.8 section D.1): the command
/// fragments, then the data set fragments, each PDU holding one PDV. A small data set travels in the same PDU as its
/// command. A streamed data set is read one fragment ahead so that the last fragment can be flagged.
/// </summary>
internal static class DimseFragmenter
{
    /// <summary>PDU header (6) plus PDV item header (6) per PDV: what a fragment of data shares the PDU with.</summary>
    public const int PdvOverhead = 6;

    /// <summary>The data bytes that fit one PDV in a PDU of at most <paramref name="maxPduLength"/> (0: no limit, capped by <paramref name="cap"/>).</summary>
    public static int MaxFragmentLength(uint maxPduLength, int cap)
    {
        var limit = maxPduLength == 0 ? cap : (int)Math.Min(maxPduLength, (uint)cap);
        return Math.Max(limit - PdvOverhead, 1);
    }

    public static async Task SendAsync(byte contextId, ReadOnlyMemory<byte> command, ReadOnlyMemory<byte> dataSet, int maxFragment, Func<PDataTransferPdu, Task> send)
    {
        if (!dataSet.IsEmpty && command.Length + dataSet.Length + PdvOverhead <= maxFragment)
        {
            await send(new PDataTransferPdu(new ValueList<PresentationDataValue>([
                new PresentationDataValue(contextId, true, true, new ByteString(command)),
                new PresentationDataValue(contextId, false, true, new ByteString(dataSet)),
            ]))).ConfigureAwait(false);
            return;
        }

        await SendBytesAsync(contextId, isCommand: true, command, maxFragment, send).ConfigureAwait(false);
        if (!dataSet.IsEmpty)
        {
            await SendBytesAsync(contextId, isCommand: false, dataSet, maxFragment, send).ConfigureAwait(false);
        }
    }

    public static async Task SendBytesAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> bytes, int maxFragment, Func<PDataTransferPdu, Task> send)
    {
        var offset = 0;
        do
        {
            var length = Math.Min(maxFragment, bytes.Length - offset);
            var last = offset + length >= bytes.Length;
            await send(new PDataTransferPdu(new PresentationDataValue(contextId, isCommand, last, new ByteString(bytes.Slice(offset, length))))).ConfigureAwait(false);
            offset += length;
        }
        while (offset < bytes.Length);
    }

    /// <summary>Sends a data set read from a stream to its end, in fragments, without holding more than two of them.</summary>
    public static async Task SendStreamAsync(byte contextId, Stream source, int maxFragment, Func<PDataTransferPdu, Task> send, CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(maxFragment);
        var next = ArrayPool<byte>.Shared.Rent(maxFragment);
        try
        {
            var currentLength = await FillAsync(source, current.AsMemory(0, maxFragment), cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var nextLength = currentLength == maxFragment ? await FillAsync(source, next.AsMemory(0, maxFragment), cancellationToken).ConfigureAwait(false) : 0;
                var last = nextLength == 0;
                await send(new PDataTransferPdu(new PresentationDataValue(contextId, false, last, new ByteString(current.AsMemory(0, currentLength))))).ConfigureAwait(false);
                if (last)
                {
                    return;
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async ValueTask<int> FillAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
