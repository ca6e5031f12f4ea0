using System.Buffers;
using CloudRisPacs.Dicom.Network.Pdu;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Dicom.Network.Tests.PduLayer;

/// <summary>Writing then reading any valid PDU gives it back, however the bytes arrive.</summary>
public sealed class PduProperties
{
    [Property(MaxTest = 300)]
    public Property Any_pdu_reads_back_equal() =>
        Prop.ForAll(PduGenerators.AnyPdu().ToArbitrary(), pdu =>
        {
            var bytes = PduWriter.ToArray(pdu);
            var buffer = new ReadOnlySequence<byte>(bytes);
            var read = PduReader.TryRead(ref buffer, uint.MaxValue, out var back);
            return (read && buffer.IsEmpty && pdu.Equals(back)).Label($"{pdu.Type}: read={read}, left={buffer.Length}, back={back}");
        });

    [Property(MaxTest = 200)]
    public Property A_stream_of_pdus_reads_the_same_in_segments_of_any_size() =>
        Prop.ForAll(Gen.ArrayOf(PduGenerators.AnyPdu(), 3).Zip(Gen.Choose(1, 700)).ToArbitrary(), sample =>
        {
            var (pdus, segment) = sample;
            var bytes = pdus.SelectMany(PduWriter.ToArray).ToArray();
            var buffer = Segmented(bytes, segment);
            var back = new List<CloudRisPacs.Dicom.Network.Pdu.Pdu>();
            while (PduReader.TryRead(ref buffer, uint.MaxValue, out var pdu))
            {
                back.Add(pdu);
            }

            return (buffer.IsEmpty && back.SequenceEqual(pdus)).Label($"{back.Count} of {pdus.Length} back, {buffer.Length} bytes left");
        });

    [Property(MaxTest = 200)]
    public Property A_pdu_cut_anywhere_asks_for_more_and_consumes_nothing() =>
        Prop.ForAll(PduGenerators.AnyPdu().Zip(Gen.Choose(0, 1000)).ToArbitrary(), sample =>
        {
            var (pdu, cutSeed) = sample;
            var bytes = PduWriter.ToArray(pdu);
            var cut = cutSeed % bytes.Length;
            var buffer = new ReadOnlySequence<byte>(bytes, 0, cut);
            var read = PduReader.TryRead(ref buffer, uint.MaxValue, out _);
            return (!read && buffer.Length == cut).Label($"cut at {cut} of {bytes.Length}: read={read}");
        });

    /// <summary>The same bytes as a chain of segments of a given size (what a pipe hands over).</summary>
    internal static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var memory = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
