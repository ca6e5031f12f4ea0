using System.Buffers.Binary;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// The DICOM data set reader: a synchronous, resumable state machine over buffers. Feed it bytes with
/// <see cref="Parse"/>; it reports elements, sequences, items and fragments to an <see cref="IDicomReaderObserver"/>,
/// keeps what it cannot finish for the next call, and can stop before a tag (Pixel Data) telling how many bytes it
/// needed. The same parser serves files, blobs and network streams (see <see cref="DicomStreamReader"/> for the
/// loop that feeds it), so there is one parser for synchronous and asynchronous callers.
/// <para>
/// Reading is tolerant (odd lengths, wrong or unknown VRs in explicit VR, implicit data under an explicit transfer
/// syntax, UN of undefined length holding a sequence, missing delimiters: each a warning), and bounded: a value longer
/// than the input or than <see cref="DicomReaderOptions.MaxValueLength"/>, nesting deeper than
/// <see cref="DicomReaderOptions.MaxDepth"/>, or input ending inside a value throw <see cref="DicomParseException"/>,
/// the only exception any byte input can cause.
/// </para>
/// </summary>
public sealed partial class DicomParser
{
    /// <summary>Values and fragments up to this length are delivered in one call; longer ones in chunks.</summary>
    public const int WholeValueLimit = 16 * 1024;

    /// <summary>The smallest buffer a caller must be able to offer (a header and a whole small value).</summary>
    public const int MinimumBufferSize = WholeValueLimit + 64;

    private readonly IDicomReaderObserver observer;
    private readonly DicomReaderOptions options;
    private readonly List<Frame> frames = [];
    private byte[]? scratch;
    private ParserState state;
    private DicomElementHeader current;
    private uint currentFragmentLength;
    private long remaining;
    private bool firstChunk;
    private int swapUnit;
    private bool firstElementSeen;

    public DicomParser(DicomTransferSyntax syntax, IDicomReaderObserver observer, DicomReaderOptions? options = null, long startOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(observer);
        this.observer = observer;
        this.options = options ?? DicomReaderOptions.Default;
        Position = startOffset;
        frames.Add(new Frame { Kind = FrameKind.Root, IsExplicitVR = syntax.IsExplicitVR, IsLittleEndian = syntax.IsLittleEndian });
    }

    private enum ParserState
    {
        Header,
        Value,
        Fragment,
    }

    /// <summary>The offset of the next unread byte from the start of the input.</summary>
    public long Position { get; private set; }

    /// <summary>How deep in sequences the parser is (0 at the top level).</summary>
    public int Depth => frames.Count(f => f.Kind == FrameKind.Sequence);

    private Frame Top => frames[^1];

    /// <summary>
    /// Reads as much of the buffer as forms complete structures. <paramref name="consumed"/> tells how many bytes
    /// were used; the caller keeps the rest and calls again with it and more input. With
    /// <paramref name="isFinalBlock"/> the input ends with this buffer.
    /// </summary>
    public DicomParseStatus Parse(ReadOnlySpan<byte> buffer, bool isFinalBlock, out int consumed)
    {
        var basePosition = Position;
        var pos = 0;
        while (true)
        {
            Position = basePosition + pos;
            if (state != ParserState.Header)
            {
                if (!DeliverChunk(buffer[pos..], isFinalBlock, ref pos))
                {
                    consumed = pos;
                    return DicomParseStatus.NeedMoreData;
                }

                continue;
            }

            CloseFinishedFrames();
            var rest = buffer[pos..];
            if (rest.Length < 8)
            {
                if (!isFinalBlock)
                {
                    consumed = pos;
                    return DicomParseStatus.NeedMoreData;
                }

                if (!rest.IsEmpty)
                {
                    Warn(null, $"{rest.Length} trailing bytes are too few for an element header and were ignored.");
                    pos += rest.Length;
                    Position = basePosition + pos;
                }

                CloseAtEndOfInput();
                consumed = pos;
                return DicomParseStatus.Completed;
            }

            var frame = Top;
            var tag = ReadTag(rest, frame.IsLittleEndian);
            if (tag.Group == 0xFFFE && tag.Element is 0xE000 or 0xE00D or 0xE0DD)
            {
                var length = ReadUInt32(rest[4..], frame.IsLittleEndian);
                if (!HandleItemTag(tag, length, rest, isFinalBlock, ref pos))
                {
                    consumed = pos;
                    return DicomParseStatus.NeedMoreData;
                }

                continue;
            }

            if (frame.Kind is FrameKind.Sequence or FrameKind.Fragments)
            {
                Warn(tag, $"expected an item in {frame.Tag} but found an element; the {(frame.Kind == FrameKind.Sequence ? "sequence" : "pixel data")} is taken to end here.");
                Pop();
                continue;
            }

            if (frame.Kind == FrameKind.Root && (options.StopBeforeTag is { } stop && tag >= stop || options.OnlyGroup is { } group && tag.Group != group))
            {
                consumed = pos;
                return DicomParseStatus.Stopped;
            }

            if (!ReadElement(tag, rest, isFinalBlock, ref pos))
            {
                consumed = pos;
                return DicomParseStatus.NeedMoreData;
            }
        }
    }

    /// <summary>Reads one element header and, when it is small, its value. False when more input is needed.</summary>
    private bool ReadElement(DicomTag tag, ReadOnlySpan<byte> rest, bool isFinalBlock, ref int pos)
    {
        var frame = Top;
        if (!TryReadHeader(tag, rest, frame, isFinalBlock, out var vr, out var length, out var headerLength, out var contentImplicit))
        {
            return false;
        }

        if (vr == DicomVR.UN && !frame.IsExplicitVR && length is >= 8 and not DicomElementHeader.UndefinedLength)
        {
            if (rest.Length < headerLength + 8)
            {
                if (!isFinalBlock)
                {
                    return false;
                }
            }
            else if (HoldsItems(rest[headerLength..], length, frame.IsLittleEndian))
            {
                // An unknown (private) element whose value starts with an item: a sequence of defined length.
                vr = DicomVR.SQ;
            }
        }

        var header = new DicomElementHeader(tag, vr, length, Position);
        if (length == DicomElementHeader.UndefinedLength)
        {
            if (vr != DicomVR.SQ && IsPixelData(tag))
            {
                // PS3.5 A.4: encapsulated pixel data is OB whatever the input said.
                header = header with { VR = DicomVR.OB };
                pos += headerLength;
                Push(new Frame { Kind = FrameKind.Fragments, Tag = tag, IsExplicitVR = frame.IsExplicitVR, IsLittleEndian = frame.IsLittleEndian });
                observer.OnFragmentsStart(header);
                return true;
            }

            if (vr != DicomVR.SQ)
            {
                if (vr != DicomVR.UN)
                {
                    Warn(tag, $"VR {vr} with undefined length; read as a sequence in implicit VR little endian.");
                }

                contentImplicit = true;
            }

            pos += headerLength;
            StartSequence(header with { VR = DicomVR.SQ }, -1, frame, contentImplicit);
            return true;
        }

        if (vr == DicomVR.SQ)
        {
            CheckLength(tag, length, headerLength);
            pos += headerLength;
            StartSequence(header, Position + headerLength + length, frame, contentImplicit);
            return true;
        }

        CheckLength(tag, length, headerLength);
        if (length % 2 != 0)
        {
            Warn(tag, $"odd value length {length}; the value is kept as it is.");
        }

        var unit = frame.IsLittleEndian ? 1 : ByteSwapper.UnitOf(vr);
        if (length <= WholeValueLimit)
        {
            if (rest.Length < headerLength + length)
            {
                if (isFinalBlock)
                {
                    throw Truncated(tag, length, rest.Length - headerLength);
                }

                return false;
            }

            var value = rest.Slice(headerLength, (int)length);
            Deliver(header, value, unit, isFirst: true, isLast: true);
            Remember(tag, vr, value, unit, frame);
            pos += headerLength + (int)length;
            return true;
        }

        pos += headerLength;
        current = header;
        remaining = length;
        firstChunk = true;
        swapUnit = unit;
        state = ParserState.Value;
        return true;
    }

    private void Warn(DicomTag? tag, string message) => observer.OnWarning(new DicomReadWarning(Position, tag, message));

    private static DicomTag ReadTag(ReadOnlySpan<byte> bytes, bool littleEndian) => littleEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes), BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(bytes), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]));

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static ushort ReadUInt16(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);
}
