using System.Buffers;
using System.Buffers.Binary;
using System.Text;

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

    private bool TryReadHeader(DicomTag tag, ReadOnlySpan<byte> rest, Frame frame, bool isFinalBlock, out DicomVR vr, out uint length, out int headerLength, out bool contentImplicit)
    {
        contentImplicit = !frame.IsExplicitVR;
        if (!firstElementSeen && frame.Kind == FrameKind.Root)
        {
            firstElementSeen = true;
            CheckEncodingOfFirstElement(tag, rest, frame);
        }

        if (!frame.IsExplicitVR)
        {
            length = ReadUInt32(rest[4..], frame.IsLittleEndian);
            headerLength = 8;
            vr = ImplicitVR(tag, length, frame);
            return true;
        }

        if (DicomVR.TryParse(rest[4], rest[5], out var parsed))
        {
            vr = parsed;
            if (parsed.HasLongExplicitLength)
            {
                return TryReadLongLength(rest, frame, isFinalBlock, tag, out length, out headerLength) && ResolveUnknown(tag, ref vr, length, frame, ref contentImplicit);
            }

            length = ReadUInt16(rest[6..], frame.IsLittleEndian);
            headerLength = 8;
            return true;
        }

        if (char.IsAsciiLetterUpper((char)rest[4]) && char.IsAsciiLetterUpper((char)rest[5]))
        {
            Warn(tag, $"unknown VR '{(char)rest[4]}{(char)rest[5]}'; read as UN with a 32-bit length.");
            vr = DicomVR.UN;
            return TryReadLongLength(rest, frame, isFinalBlock, tag, out length, out headerLength);
        }

        // Not a VR at all: this element was written in implicit VR although the transfer syntax is explicit.
        length = ReadUInt32(rest[4..], frame.IsLittleEndian);
        headerLength = 8;
        vr = ImplicitVR(tag, length, frame);
        Warn(tag, $"no VR in an explicit VR data set (bytes {rest[4]:X2} {rest[5]:X2}); read in implicit VR as {vr}.");
        return true;
    }

    private bool TryReadLongLength(ReadOnlySpan<byte> rest, Frame frame, bool isFinalBlock, DicomTag tag, out uint length, out int headerLength)
    {
        headerLength = 12;
        if (rest.Length < 12)
        {
            length = 0;
            return isFinalBlock ? throw Truncated(tag, 12, rest.Length) : false;
        }

        length = ReadUInt32(rest[8..], frame.IsLittleEndian);
        return true;
    }

    /// <summary>A UN element of a public tag gets its dictionary VR; a UN sequence is read in implicit VR little endian (PS3.5 6.2.2).</summary>
    private bool ResolveUnknown(DicomTag tag, ref DicomVR vr, uint length, Frame frame, ref bool contentImplicit)
    {
        if (vr != DicomVR.UN || !options.ResolveUnknownVR || !frame.IsLittleEndian || length == DicomElementHeader.UndefinedLength || tag.IsGroupLength)
        {
            return true;
        }

        if (tag.IsPrivateCreator)
        {
            vr = DicomVR.LO;
            return true;
        }

        if (tag.IsPrivate)
        {
            if (PrivateEntry(tag, frame) is { } privateEntry && privateEntry.VR != DicomVR.UN)
            {
                vr = privateEntry.VR;
                contentImplicit = vr == DicomVR.SQ || contentImplicit;
            }

            return true;
        }

        if (DicomDictionary.Find(tag) is { ValueRepresentations.Count: > 0 } entry)
        {
            vr = AmbiguousVRResolver.Resolve(tag, entry, Context(isImplicit: true, isUndefinedLength: false));
            contentImplicit = vr == DicomVR.SQ || contentImplicit;
        }

        return true;
    }

    private static DicomPrivateDictionaryEntry? PrivateEntry(DicomTag tag, Frame frame) =>
        tag.IsPrivateData && frame.Creators is { } creators
            && creators.TryGetValue(((uint)tag.Group << 8) | (uint)(tag.Element >> 8), out var creator)
            ? DicomDictionary.FindPrivate(creator, tag)
            : null;

    private void CheckEncodingOfFirstElement(DicomTag tag, ReadOnlySpan<byte> rest, Frame frame)
    {
        var hasVR = DicomVR.TryParse(rest[4], rest[5], out var vr);
        if (frame.IsExplicitVR && !hasVR && !(char.IsAsciiLetterUpper((char)rest[4]) && char.IsAsciiLetterUpper((char)rest[5])))
        {
            frame.IsExplicitVR = false;
            Warn(tag, "the transfer syntax says explicit VR but the data set is in implicit VR; read as implicit VR.");
        }
        else if (!frame.IsExplicitVR && hasVR && DicomDictionary.Find(tag) is { } entry && entry.ValueRepresentations.Contains(vr!))
        {
            frame.IsExplicitVR = true;
            Warn(tag, "the transfer syntax says implicit VR but the data set is in explicit VR; read as explicit VR.");
        }
    }

    private DicomVR ImplicitVR(DicomTag tag, uint length, Frame frame)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsPrivate)
        {
            return PrivateEntry(tag, frame)?.VR ?? DicomVR.UN;
        }

        if (DicomDictionary.Find(tag) is { ValueRepresentations.Count: > 0 } entry)
        {
            return AmbiguousVRResolver.Resolve(tag, entry, Context(isImplicit: true, isUndefinedLength: length == DicomElementHeader.UndefinedLength));
        }

        return DicomVR.UN;
    }

    private AmbiguousVRContext Context(bool isImplicit, bool isUndefinedLength)
    {
        int? pixelRepresentation = null, bitsAllocated = null, waveformBits = null, lutEntries = null;
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            var frame = frames[i];
            pixelRepresentation ??= frame.PixelRepresentation;
            bitsAllocated ??= frame.BitsAllocated;
            waveformBits ??= frame.WaveformBitsAllocated;
            lutEntries ??= frame.LutEntries;
        }

        return new AmbiguousVRContext(isImplicit, isUndefinedLength, pixelRepresentation, bitsAllocated, waveformBits, lutEntries);
    }

    private bool HandleItemTag(DicomTag tag, uint length, ReadOnlySpan<byte> rest, bool isFinalBlock, ref int pos)
    {
        var frame = Top;
        switch (tag.Element)
        {
            case 0xE000 when frame.Kind == FrameKind.Sequence:
                CheckItemLength(tag, length);
                pos += 8;
                Push(new Frame
                {
                    Kind = FrameKind.Item,
                    End = length == DicomElementHeader.UndefinedLength ? -1 : Position + 8 + length,
                    IsExplicitVR = frame.IsExplicitVR,
                    IsLittleEndian = frame.IsLittleEndian,
                    Tag = frame.Tag,
                });
                observer.OnItemStart(length, Position);
                return true;
            case 0xE000 when frame.Kind == FrameKind.Fragments:
                return ReadFragment(tag, length, rest, isFinalBlock, ref pos);
            case 0xE000:
                throw new DicomParseException("An item appears outside a sequence; the structure cannot be followed", Position, tag);
            case 0xE00D when frame is { Kind: FrameKind.Item, IsUndefinedLength: true }:
                pos += 8;
                Pop();
                return true;
            case 0xE0DD when frame is { Kind: FrameKind.Sequence or FrameKind.Fragments, IsUndefinedLength: true }:
                pos += 8;
                Pop();
                return true;
            case 0xE0DD when frame is { Kind: FrameKind.Item, IsUndefinedLength: true }:
                Warn(tag, "a sequence delimiter ends an item that was not delimited; both are taken to end.");
                pos += 8;
                Pop();
                if (Top is { Kind: FrameKind.Sequence, IsUndefinedLength: true })
                {
                    Pop();
                }

                return true;
            default:
                Warn(tag, $"an unexpected {(tag.Element == 0xE00D ? "item" : "sequence")} delimiter was ignored.");
                pos += 8;
                return true;
        }
    }

    private bool ReadFragment(DicomTag tag, uint length, ReadOnlySpan<byte> rest, bool isFinalBlock, ref int pos)
    {
        if (length == DicomElementHeader.UndefinedLength)
        {
            throw new DicomParseException("A pixel data fragment has undefined length", Position, tag);
        }

        CheckLength(Top.Tag, length, 8);
        if (length <= WholeValueLimit)
        {
            if (rest.Length < 8 + length)
            {
                return isFinalBlock ? throw Truncated(Top.Tag, length, rest.Length - 8) : false;
            }

            observer.OnFragment(rest.Slice(8, (int)length), length, isFirstChunk: true, isLastChunk: true);
            pos += 8 + (int)length;
            return true;
        }

        pos += 8;
        current = new DicomElementHeader(Top.Tag, DicomVR.OB, length, Position);
        currentFragmentLength = length;
        remaining = length;
        firstChunk = true;
        swapUnit = 1;
        state = ParserState.Fragment;
        return true;
    }

    private bool DeliverChunk(ReadOnlySpan<byte> rest, bool isFinalBlock, ref int pos)
    {
        var take = (int)Math.Min(remaining, rest.Length);
        if (take < remaining && swapUnit > 1)
        {
            take -= take % 8;
        }

        if (take == 0)
        {
            return isFinalBlock ? throw Truncated(current.Tag, current.Length, current.Length - remaining) : false;
        }

        var isLast = take == remaining;
        if (state == ParserState.Fragment)
        {
            observer.OnFragment(rest[..take], currentFragmentLength, firstChunk, isLast);
        }
        else
        {
            Deliver(current, rest[..take], swapUnit, firstChunk, isLast);
        }

        firstChunk = false;
        remaining -= take;
        pos += take;
        if (isLast)
        {
            state = ParserState.Header;
        }

        return true;
    }

    private void Deliver(in DicomElementHeader header, ReadOnlySpan<byte> value, int unit, bool isFirst, bool isLast)
    {
        if (unit <= 1 || value.IsEmpty)
        {
            observer.OnElementValue(header, value, isFirst, isLast);
            return;
        }

        if (scratch is null || scratch.Length < value.Length)
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            scratch = ArrayPool<byte>.Shared.Rent(Math.Max(value.Length, 4096));
        }

        var swapped = scratch.AsSpan(0, value.Length);
        value.CopyTo(swapped);
        ByteSwapper.Swap(swapped, unit);
        observer.OnElementValue(header, swapped, isFirst, isLast);
    }

    /// <summary>Keeps what later VR decisions depend on: Pixel Representation, Bits Allocated, LUT size, private creators.</summary>
    private static void Remember(DicomTag tag, DicomVR vr, ReadOnlySpan<byte> value, int unit, Frame frame)
    {
        if (tag.IsPrivateCreator)
        {
            frame.Creators ??= [];
            frame.Creators[((uint)tag.Group << 8) | tag.Element] = Encoding.Latin1.GetString(value).Trim(' ', '\0');
            return;
        }

        if (tag.Group is not (0x0028 or 0x5400) || value.Length < 2 || vr.Kind != DicomVRKind.Number)
        {
            return;
        }

        int number = unit > 1 ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt16LittleEndian(value);
        switch (tag.Value)
        {
            case 0x0028_0103: frame.PixelRepresentation = number; break;
            case 0x0028_0100: frame.BitsAllocated = number; break;
            case 0x5400_1004: frame.WaveformBitsAllocated = number; break;
            case 0x0028_3002: frame.LutEntries = number; break;
        }
    }

    private void StartSequence(in DicomElementHeader header, long end, Frame parent, bool contentImplicit)
    {
        Push(new Frame
        {
            Kind = FrameKind.Sequence,
            End = end,
            Tag = header.Tag,
            IsExplicitVR = !contentImplicit && parent.IsExplicitVR,
            IsLittleEndian = contentImplicit || parent.IsLittleEndian,
        });
        observer.OnSequenceStart(header);
    }

    private void Push(Frame frame)
    {
        if (frames.Count > options.MaxDepth * 2)
        {
            throw new DicomParseException($"Sequences are nested deeper than {options.MaxDepth} levels", Position, frame.Tag);
        }

        frames.Add(frame);
    }

    private void Pop()
    {
        var frame = frames[^1];
        frames.RemoveAt(frames.Count - 1);
        switch (frame.Kind)
        {
            case FrameKind.Item: observer.OnItemEnd(); break;
            case FrameKind.Sequence: observer.OnSequenceEnd(); break;
            case FrameKind.Fragments: observer.OnFragmentsEnd(); break;
        }
    }

    private void CloseFinishedFrames()
    {
        while (frames.Count > 1 && Top.End >= 0 && Position >= Top.End)
        {
            if (Position > Top.End)
            {
                Warn(Top.Tag, $"an element ran {Position - Top.End} bytes past the end of its {(Top.Kind == FrameKind.Item ? "item" : "sequence")} given by the length.");
            }

            Pop();
        }
    }

    private void CloseAtEndOfInput()
    {
        while (frames.Count > 1)
        {
            var frame = Top;
            if (frame.IsUndefinedLength)
            {
                Warn(frame.Tag, $"the input ended before the delimiter of an {(frame.Kind == FrameKind.Item ? "item" : "sequence")}.");
            }
            else if (frame.End > Position)
            {
                Warn(frame.Tag, $"the input ended {frame.End - Position} bytes before the end of an {(frame.Kind == FrameKind.Item ? "item" : "sequence")} given by its length.");
            }

            Pop();
        }

        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = null;
        }
    }

    private void CheckLength(DicomTag tag, uint length, int headerLength)
    {
        if (length > options.MaxValueLength)
        {
            throw new DicomParseException($"Value length {length} exceeds the limit of {options.MaxValueLength} bytes", Position, tag);
        }

        if (options.InputLength is { } inputLength && Position + headerLength + length > inputLength)
        {
            throw new DicomParseException($"Value length {length} exceeds the {Math.Max(0, inputLength - Position - headerLength)} bytes left in the input", Position, tag);
        }
    }

    private void CheckItemLength(DicomTag tag, uint length)
    {
        if (length != DicomElementHeader.UndefinedLength && options.InputLength is { } inputLength && Position + 8 + length > inputLength)
        {
            Warn(tag, $"item length {length} exceeds the input; the item is taken to end with the input.");
        }
    }

    private DicomParseException Truncated(DicomTag tag, long expected, long available) =>
        new($"The input ends inside a value: {expected} bytes expected, {Math.Max(0, available)} present", Position, tag);

    private void Warn(DicomTag? tag, string message) => observer.OnWarning(new DicomReadWarning(Position, tag, message));

    private static bool HoldsItems(ReadOnlySpan<byte> value, uint length, bool littleEndian)
    {
        if (ReadTag(value, littleEndian) != new DicomTag(0xFFFE, 0xE000))
        {
            return false;
        }

        var itemLength = ReadUInt32(value[4..], littleEndian);
        return itemLength == DicomElementHeader.UndefinedLength || (long)itemLength + 8 <= length;
    }

    private static bool IsPixelData(DicomTag tag) =>
        tag.Value is 0x7FE0_0010 or 0x7FE0_0008 or 0x7FE0_0009 || ((tag.Group & 0xFF01) == 0x7F00 && tag.Element == 0x0010);

    private static DicomTag ReadTag(ReadOnlySpan<byte> bytes, bool littleEndian) => littleEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes), BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(bytes), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]));

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static ushort ReadUInt16(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);
}
