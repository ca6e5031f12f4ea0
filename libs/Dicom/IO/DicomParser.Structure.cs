using System.Buffers;

namespace CloudRisPacs.Dicom.IO;

// Sequences, items, fragments and the frames that track their ends.
public sealed partial class DicomParser
{
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

    private void CheckItemLength(DicomTag tag, uint length)
    {
        if (length != DicomElementHeader.UndefinedLength && options.InputLength is { } inputLength && Position + 8 + length > inputLength)
        {
            Warn(tag, $"item length {length} exceeds the input; the item is taken to end with the input.");
        }
    }

    private static bool IsPixelData(DicomTag tag) =>
        tag.Value is 0x7FE0_0010 or 0x7FE0_0008 or 0x7FE0_0009 || ((tag.Group & 0xFF01) == 0x7F00 && tag.Element == 0x0010);
}
