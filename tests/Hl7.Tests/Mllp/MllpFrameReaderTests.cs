using System.Buffers;
using System.Text;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Hl7.Tests.Mllp;

public sealed class MllpFrameReaderTests
{
    [Fact]
    public void Reads_one_framed_message()
    {
        var frames = ReadAll(Frame("MSH|a\r"), max: 1000, out var rest);
        var frame = Assert.Single(frames);
        Assert.Equal(MllpFrameKind.Message, frame.Kind);
        Assert.Equal("MSH|a\r", Encoding.ASCII.GetString(frame.Payload.Span));
        Assert.Equal(0, rest);
    }

    [Fact]
    public void Several_messages_in_one_read_come_out_in_order()
    {
        var frames = ReadAll([.. Frame("one"), .. Frame("two"), .. Frame("three")], 1000, out _);
        Assert.Equal(["one", "two", "three"], frames.Select(Text));
    }

    [Fact]
    public void A_partial_frame_waits_for_more_bytes_without_consuming()
    {
        var framed = Frame("partial message");
        var buffer = new ReadOnlySequence<byte>(framed.AsMemory(0, framed.Length - 3));
        Assert.False(MllpFrameReader.TryRead(ref buffer, 1000, out _));
        Assert.Equal(framed.Length - 3, buffer.Length);
    }

    [Fact]
    public void Bytes_outside_frames_are_discarded_and_reported_but_line_ends_between_frames_are_not()
    {
        var frames = ReadAll([.. "noise"u8, .. Frame("one"), (byte)'\n', (byte)'\r', .. "more noise"u8, .. Frame("two"), .. "tail"u8], 1000, out _);
        Assert.Equal(
            [(MllpFrameKind.Discarded, 5L), (MllpFrameKind.Message, 3L), (MllpFrameKind.Discarded, 10L), (MllpFrameKind.Message, 3L), (MllpFrameKind.Discarded, 4L)],
            frames.Select(f => (f.Kind, f.Length)));
        Assert.Equal("noise", Text(frames[0]));
    }

    [Fact]
    public void A_new_start_block_abandons_the_unfinished_frame()
    {
        var frames = ReadAll([0x0B, .. "lost"u8, .. Frame("MSH|kept")], 1000, out _);
        Assert.Equal([MllpFrameKind.Discarded, MllpFrameKind.Message], frames.Select(f => f.Kind));
        Assert.Equal(5, frames[0].Length);
        Assert.Equal("MSH|kept", Text(frames[1]));
    }

    [Fact]
    public void A_vertical_tab_in_the_data_is_data_however_the_reads_are_split()
    {
        // Word's line break in RIS free text; only a start block followed by MSH, FHS or BHS restarts a frame.
        byte[] payload = [.. "MSH|^~\\&|RIS\rNTE|1||line one"u8, 0x0B, .. "line two"u8, 0x0B, .. "MS\r"u8];
        byte[] bytes = [0x0B, .. payload, 0x1C, 0x0D, 0x0B, .. "lost"u8, 0x0B, .. "MSH|kept"u8, 0x1C, 0x0D];
        for (var split = 1; split < bytes.Length; split++)
        {
            var frames = ReadSplit(bytes, split);
            Assert.Equal([MllpFrameKind.Message, MllpFrameKind.Discarded, MllpFrameKind.Message], frames.Select(f => f.Kind));
            Assert.Equal(payload, frames[0].Payload.ToArray());
            Assert.Equal("MSH|kept", Text(frames[2]));
        }
    }

    [Theory]
    [InlineData("FHS|^~\\&")]
    [InlineData("BHS|^~\\&")]
    public void A_start_block_followed_by_a_batch_header_restarts_the_frame(string header)
    {
        var frames = ReadAll([0x0B, .. "lost"u8, .. Frame(header)], 1000, out _);
        Assert.Equal([MllpFrameKind.Discarded, MllpFrameKind.Message], frames.Select(f => f.Kind));
        Assert.Equal(header, Text(frames[1]));
    }

    [Fact]
    public void An_end_block_without_its_cr_still_ends_the_frame()
    {
        var frames = ReadAll([0x0B, .. "one"u8, 0x1C, .. Frame("two")], 1000, out _);
        Assert.Equal(["one", "two"], frames.Select(Text));
    }

    [Fact]
    public void A_complete_oversize_frame_is_reported_with_its_head_and_consumed()
    {
        var big = new string('x', 5000);
        var frames = ReadAll([.. Frame("MSH|" + big), .. Frame("ok")], 100, out _);
        Assert.Equal(MllpFrameKind.Oversize, frames[0].Kind);
        Assert.Equal(5004, frames[0].Length);
        Assert.Equal(MllpFrameReader.OversizeHeadLength, frames[0].Payload.Length);
        Assert.StartsWith("MSH|", Text(frames[0]), StringComparison.Ordinal);
        Assert.Equal("ok", Text(frames[1]));
    }

    [Fact]
    public void An_unfinished_frame_past_the_limit_is_oversize_before_more_is_buffered()
    {
        var buffer = new ReadOnlySequence<byte>([0x0B, .. new byte[101]]);
        Assert.True(MllpFrameReader.TryRead(ref buffer, 100, out var frame));
        Assert.Equal(MllpFrameKind.Oversize, frame.Kind);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Writer_frames_and_refuses_block_characters()
    {
        Assert.Equal([0x0B, (byte)'a', 0x1C, 0x0D], MllpFrameWriter.Frame("a"u8));
        var output = new ArrayBufferWriter<byte>();
        MllpFrameWriter.Write(output, "abc"u8);
        Assert.Equal(Frame("abc"), output.WrittenSpan.ToArray());
        Assert.Throws<ArgumentException>(() => MllpFrameWriter.Frame([0x41, 0x1C]));
        Assert.Throws<ArgumentException>(() => MllpFrameWriter.Frame([0x0B]));
    }

    internal static byte[] Frame(string payload) => MllpFrameWriter.Frame(Encoding.UTF8.GetBytes(payload));

    internal static List<MllpFrame> ReadAll(byte[] bytes, int max, out long rest)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var frames = new List<MllpFrame>();
        while (MllpFrameReader.TryRead(ref buffer, max, out var frame))
        {
            frames.Add(frame);
        }

        rest = buffer.Length;
        return frames;
    }

    // Feeds the bytes in two reads, split at the given offset, the way the server's read loop keeps unconsumed bytes.
    private static List<MllpFrame> ReadSplit(byte[] bytes, int split)
    {
        var frames = new List<MllpFrame>();
        var pending = Array.Empty<byte>();
        foreach (var read in new[] { bytes[..split], bytes[split..] })
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, .. read]);
            while (MllpFrameReader.TryRead(ref buffer, 1000, out var frame))
            {
                frames.Add(frame);
            }

            pending = buffer.ToArray();
        }

        return frames;
    }

    private static string Text(MllpFrame frame) => Encoding.UTF8.GetString(frame.Payload.Span);
}
