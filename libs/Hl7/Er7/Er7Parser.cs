namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// Splits ER7 text into segments in one linear pass, checking the limits as it goes; fields and everything below are
/// split later, only when read. The MSH line's end decides what ends a segment: when it is a lone CR (the standard), only
/// CR does and an LF inside a field is data (a line break in free text); otherwise (LF, CRLF) CR, LF and CRLF all do.
/// Blank lines are skipped.
/// </summary>
internal static class Er7Parser
{
    public static void CheckLength(int length, Hl7ParseOptions options)
    {
        options.Check();
        if (length > options.MaxMessageLength)
        {
            throw new Hl7ParseException(
                $"The message is {length} long, more than the limit of {options.MaxMessageLength} (MaxMessageLength).",
                Hl7ErrorCode.ValueTooLong, Hl7Location.Message) { IsLimitExceeded = true };
        }
    }

    public static Hl7Message Parse(ReadOnlyMemory<char> input, Hl7ParseOptions options)
    {
        CheckLength(input.Length, options);
        var all = input.Span;
        var begin = 0;
        while (begin < all.Length && (char.IsWhiteSpace(all[begin]) || all[begin] == '\uFEFF'))
        {
            begin++;
        }

        var span = all[begin..];
        if (!span.StartsWith("MSH"))
        {
            var shown = span[..Math.Min(span.Length, 3)].ToString();
            throw new Hl7ParseException(
                span.IsEmpty ? "The message is empty." : $"The message does not start with an MSH segment (it starts with '{shown}').",
                Hl7ErrorCode.SegmentSequenceError, new Hl7Location("MSH", 1));
        }

        var delimiters = Hl7Delimiters.FromHeader(span);
        var message = new Hl7Message(delimiters, EstimateSegments(span.Length));
        var crOnly = EndsInCarriageReturn(span);
        var position = begin;
        var sequence = 0;
        while (position < all.Length)
        {
            // In CR mode an LF right after a CR still belongs to the line end (a file saved with CRLF at its end).
            while (crOnly && position < all.Length && all[position] == '\n')
            {
                position++;
            }

            var rest = all[position..];
            var end = crOnly ? rest.IndexOf('\r') : rest.IndexOfAny('\r', '\n');
            var length = end < 0 ? rest.Length : end;
            var line = rest[..length];
            if (!line.IsWhiteSpace())
            {
                sequence++;
                AddSegment(message, input.Slice(position, length), sequence, options);
            }

            position += end < 0 ? length : length + 1;
        }

        message.RefreshCharset();
        return message;
    }

    private static void AddSegment(Hl7Message message, ReadOnlyMemory<char> text, int sequence, Hl7ParseOptions options)
    {
        var span = text.Span;
        var delimiters = message.Delimiters;
        if (sequence > options.MaxSegmentCount)
        {
            throw new Hl7ParseException(
                $"The message has more than {options.MaxSegmentCount} segments (MaxSegmentCount).",
                Hl7ErrorCode.SegmentSequenceError, Hl7Location.Message) { IsLimitExceeded = true };
        }

        if (span.Length < 3 || !SegmentIds.IsValid(span[..3]) || (span.Length > 3 && span[3] != delimiters.Field))
        {
            var shown = span[..Math.Min(span.Length, 8)].ToString();
            throw new Hl7ParseException(
                $"Segment {sequence} does not start with a segment id followed by the field separator: '{shown}'.",
                Hl7ErrorCode.SegmentSequenceError, new Hl7Location(string.Empty, sequence));
        }

        var id = SegmentIds.Intern(span[..3]);
        var location = new Hl7Location(id, sequence);
        if (id == "MSH" && sequence > 1)
        {
            throw new Hl7ParseException(
                "A second MSH segment was found: one message holds one MSH (batches are read message by message).",
                Hl7ErrorCode.SegmentSequenceError, location);
        }

        // A segment shorter than a limit cannot exceed it, so typical segments skip the counting passes.
        if (span.Length > options.MaxFieldsPerSegment && span.Count(delimiters.Field) > options.MaxFieldsPerSegment)
        {
            throw new Hl7ParseException(
                $"Segment {id} has more than {options.MaxFieldsPerSegment} fields (MaxFieldsPerSegment).",
                Hl7ErrorCode.ValueTooLong, location) { IsLimitExceeded = true };
        }

        if (span.Length > options.MaxDelimitersPerSegment
            && span.Count(delimiters.Component) + span.Count(delimiters.Repetition) + span.Count(delimiters.Subcomponent) > options.MaxDelimitersPerSegment)
        {
            throw new Hl7ParseException(
                $"Segment {id} has more than {options.MaxDelimitersPerSegment} component, repetition and subcomponent separators (MaxDelimitersPerSegment).",
                Hl7ErrorCode.ValueTooLong, location) { IsLimitExceeded = true };
        }

        message.Add(new Hl7Segment(message, id, text));
    }

    private static bool EndsInCarriageReturn(ReadOnlySpan<char> message)
    {
        var end = message.IndexOfAny('\r', '\n');
        return end >= 0 && message[end] == '\r' && (end + 1 == message.Length || message[end + 1] != '\n');
    }

    // Segments of real messages average 80 to 200 characters; a close first guess saves list regrowth.
    private static int EstimateSegments(int length) => Math.Clamp(length / 100, 4, 256);
}
