using System.Globalization;
using System.Text;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Batch;

/// <summary>
/// Splits an HL7 v2 batch into its messages. The envelope is checked before anything else: FHS only first, FTS only
/// last, every segment outside the envelope inside a message, and the counts the trailers declare (BTS-1 messages,
/// FTS-1 batches) equal to what arrived. Each message is returned as the exact bytes sent, for the single-message
/// parser and for duplicate detection; the messages themselves are not parsed here.
/// </summary>
public static class Hl7BatchReader
{
    private static readonly Encoding Envelope = Encoding.Latin1;

    /// <summary>Whether <paramref name="frame"/> is a batch: its first segment (after blank lines) is FHS or BHS.</summary>
    public static bool IsBatch(ReadOnlySpan<byte> frame)
    {
        var start = SkipBlank(frame);
        var rest = frame[start..];
        return rest.Length >= 4 && (rest.StartsWith("FHS"u8) || rest.StartsWith("BHS"u8));
    }

    /// <summary>Reads a batch.</summary>
    /// <exception cref="Hl7ParseException">The envelope is broken or its counts disagree; nothing of it should be used.</exception>
    public static Hl7Batch Read(ReadOnlyMemory<byte> frame, Hl7BatchReaderOptions? options = null)
    {
        options ??= new Hl7BatchReaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessages, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatches, 1, nameof(options));
        if (!IsBatch(frame.Span))
        {
            throw new Hl7ParseException("A batch starts with an FHS or BHS segment.", Hl7ErrorCode.SegmentSequenceError, new Hl7Location("BHS", 1));
        }

        return new Reading(frame, options).Run();
    }

    /// <summary>Reads one FHS or BHS segment (without its terminator).</summary>
    /// <exception cref="Hl7ParseException">The segment holds no usable delimiters.</exception>
    internal static Hl7EnvelopeHeader ReadHeader(ReadOnlySpan<byte> line)
    {
        var text = Envelope.GetString(line);
        var id = text[..3];
        Hl7Delimiters delimiters;
        try
        {
            delimiters = Hl7Delimiters.FromHeader(text);
        }
        catch (Hl7ParseException ex)
        {
            throw new Hl7ParseException($"{id} does not hold usable delimiters: {ex.Message}", ex.ErrorCode, new Hl7Location(id, 1, 2));
        }

        var fields = text.Split(delimiters.Field);
        string Field(int number) => number <= fields.Length ? fields[number - 1] : string.Empty;
        return new Hl7EnvelopeHeader
        {
            SegmentId = id,
            Delimiters = delimiters,
            SendingApplication = Field(3),
            SendingFacility = Field(4),
            ReceivingApplication = Field(5),
            ReceivingFacility = Field(6),
            ControlId = Field(11),
        };
    }

    private static int SkipBlank(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        if (bytes.StartsWith("\uFEFF"u8))
        {
            position = 3;
        }

        while (position < bytes.Length && bytes[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            position++;
        }

        return position;
    }

    private sealed class Reading(ReadOnlyMemory<byte> frame, Hl7BatchReaderOptions options)
    {
        private readonly List<Hl7BatchSection> sections = [];
        private Hl7EnvelopeHeader? fileHeader;
        private Hl7EnvelopeHeader? sectionHeader;
        private List<ReadOnlyMemory<byte>>? sectionMessages;
        private int messageStart = -1;
        private int messageEnd;
        private int messageCount;
        private int sequence;
        private bool fileClosed;

        public Hl7Batch Run()
        {
            var all = frame.Span;
            var position = SkipBlank(all);
            while (position < all.Length)
            {
                var end = all[position..].IndexOfAny((byte)'\r', (byte)'\n');
                var length = end < 0 ? all.Length - position : end;
                var next = end < 0 ? all.Length : position + length + 1;
                var line = all.Slice(position, length);
                if (!line.Trim(" \t"u8).IsEmpty)
                {
                    sequence++;
                    Segment(line, position, next);
                }

                position = next;
            }

            CloseSection(declaredCount: null);
            return new Hl7Batch(fileHeader, sections);
        }

        private void Segment(ReadOnlySpan<byte> line, int start, int next)
        {
            if (fileClosed)
            {
                throw Fault($"Segment {sequence} follows the file trailer (FTS ends the batch file).", "FTS");
            }

            var id = line.Length >= 3 ? Envelope.GetString(line[..3]) : Envelope.GetString(line);
            if (line.Length < 3 || !SegmentIds.IsValid(id))
            {
                throw Fault($"Segment {sequence} does not start with a segment id: '{Envelope.GetString(line[..Math.Min(line.Length, 8)])}'.", string.Empty);
            }

            switch (id)
            {
                case "FHS" when sequence == 1:
                    fileHeader = Header(line);
                    break;
                case "FHS":
                    throw Fault("FHS may only be the first segment of a batch file.", id);
                case "BHS":
                    CloseSection(declaredCount: null);
                    sectionHeader = Header(line);
                    sectionMessages = [];
                    break;
                case "BTS":
                    if (sectionMessages is null)
                    {
                        throw Fault("BTS without a batch to close (no BHS or message before it).", id);
                    }

                    CloseSection(Count(line, id, "BTS-1 (batch message count)"));
                    break;
                case "FTS":
                    if (fileHeader is null)
                    {
                        throw Fault("FTS without FHS: a file trailer closes a file that was opened.", id);
                    }

                    CloseSection(declaredCount: null);
                    if (Count(line, id, "FTS-1 (file batch count)") is { } batches && batches != sections.Count)
                    {
                        throw Fault($"FTS-1 declares {batches} batches, the file holds {sections.Count}: batches were lost or added on the way.", id);
                    }

                    fileClosed = true;
                    break;
                case "MSH":
                    CloseMessage();
                    if (sectionMessages is null)
                    {
                        sectionHeader = null;
                        sectionMessages = [];
                    }

                    if (++messageCount > options.MaxMessages)
                    {
                        throw new Hl7ParseException($"The batch holds more than {options.MaxMessages} messages (MaxMessages).",
                            Hl7ErrorCode.SegmentSequenceError, Hl7Location.Message) { IsLimitExceeded = true };
                    }

                    messageStart = start;
                    messageEnd = next;
                    break;
                default:
                    if (messageStart < 0)
                    {
                        throw Fault($"Segment {sequence} ({id}) is outside any message: only FHS, BHS, BTS and FTS may stand between messages.", id);
                    }

                    messageEnd = next;
                    break;
            }
        }

        private void CloseMessage()
        {
            if (messageStart >= 0)
            {
                sectionMessages!.Add(frame[messageStart..messageEnd]);
                messageStart = -1;
            }
        }

        private void CloseSection(int? declaredCount)
        {
            CloseMessage();
            if (sectionMessages is null)
            {
                return;
            }

            if (declaredCount is { } count && count != sectionMessages.Count)
            {
                throw Fault($"BTS-1 declares {count} messages, the batch holds {sectionMessages.Count}: messages were lost or added on the way.", "BTS");
            }

            if (sections.Count == options.MaxBatches)
            {
                throw new Hl7ParseException($"The batch file holds more than {options.MaxBatches} batches (MaxBatches).",
                    Hl7ErrorCode.SegmentSequenceError, Hl7Location.Message) { IsLimitExceeded = true };
            }

            sections.Add(new Hl7BatchSection(sectionHeader, sectionMessages));
            sectionHeader = null;
            sectionMessages = null;
        }

        private Hl7EnvelopeHeader Header(ReadOnlySpan<byte> line)
        {
            try
            {
                return ReadHeader(line);
            }
            catch (Hl7ParseException ex)
            {
                throw Fault(ex.Message, Envelope.GetString(line[..3]));
            }
        }

        private int? Count(ReadOnlySpan<byte> line, string id, string field)
        {
            var separator = fileHeader?.Delimiters.Field ?? sectionHeader?.Delimiters.Field ?? '|';
            var text = Envelope.GetString(line);
            var fields = text.Split(separator);
            var value = fields.Length > 1 ? fields[1].Split((fileHeader ?? sectionHeader)?.Delimiters.Component ?? '^')[0].Trim() : string.Empty;
            if (value.Length == 0)
            {
                return null;
            }

            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw Fault($"{field} is '{value}', not a number.", id);
        }

        private Hl7ParseException Fault(string message, string id) =>
            new(message, Hl7ErrorCode.SegmentSequenceError, new Hl7Location(id, sequence));
    }
}
