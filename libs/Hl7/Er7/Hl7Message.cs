using System.Text;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// An HL7 v2 message in ER7 form: its delimiters (from MSH-1/MSH-2), its character set (from MSH-18) and its
/// segments in order, Z-segments included. Parse with <see cref="Parse(string, Hl7ParseOptions?)"/> or, from the
/// wire, <see cref="Parse(ReadOnlySpan{byte}, Hl7ParseOptions?)"/>; write with <see cref="ToEr7"/> or
/// <see cref="ToBytes"/> (canonical: CR terminators, no trailing empty parts).
/// </summary>
public sealed class Hl7Message
{
    private readonly List<Hl7Segment> segments;

    internal Hl7Message(Hl7Delimiters delimiters, int capacity)
    {
        Delimiters = delimiters;
        Charset = Hl7Charset.Default;
        segments = new List<Hl7Segment>(capacity);
    }

    public Hl7Delimiters Delimiters { get; }

    /// <summary>The character set MSH-18 names; it decodes hex escapes and encodes <see cref="ToBytes"/>.</summary>
    public Hl7Charset Charset { get; private set; }

    /// <summary>
    /// MSH-18 as sent when it names <see cref="Charset"/> by a spelling outside table 0211 (<c>UTF8</c>,
    /// <c>ISO-8859-1</c> ...): read like the table value, but a receiver should tell the sender to fix it; otherwise null.
    /// </summary>
    public string? CharsetAlias { get; private set; }

    public IReadOnlyList<Hl7Segment> Segments => segments;

    /// <summary>The MSH segment (always the first).</summary>
    public Hl7Segment Header => segments[0];

    /// <summary>Parses ER7 text; a <see cref="Hl7ParseException"/> with the fault's location on bad input.</summary>
    public static Hl7Message Parse(string text, Hl7ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Er7Parser.Parse(text.AsMemory(), options ?? Hl7ParseOptions.Default);
    }

    /// <summary>Parses ER7 text held in memory; segments stay slices of it until changed.</summary>
    public static Hl7Message Parse(ReadOnlyMemory<char> text, Hl7ParseOptions? options = null) =>
        Er7Parser.Parse(text, options ?? Hl7ParseOptions.Default);

    /// <summary>
    /// Parses wire bytes: MSH-18 is read from the header bytes first, then the whole message is decoded with that
    /// character set (an unknown one, or bytes invalid in it, is a <see cref="Hl7ParseException"/>).
    /// </summary>
    public static Hl7Message Parse(ReadOnlySpan<byte> bytes, Hl7ParseOptions? options = null)
    {
        options ??= Hl7ParseOptions.Default;
        Er7Parser.CheckLength(bytes.Length, options);
        var charset = Hl7HeaderScanner.ReadCharset(bytes);
        return Er7Parser.Parse(charset.Decode(bytes).AsMemory(), options);
    }

    /// <summary>A new message holding only <c>MSH|^~\&amp;</c> (or the given delimiters).</summary>
    public static Hl7Message Create(Hl7Delimiters? delimiters = null)
    {
        delimiters ??= Hl7Delimiters.Standard;
        var message = new Hl7Message(delimiters, 8);
        message.segments.Add(new Hl7Segment(message, "MSH", ("MSH" + delimiters.Field + delimiters.EncodingCharacters).AsMemory()));
        return message;
    }

    /// <summary>The first segment with this id, or null.</summary>
    public Hl7Segment? FindSegment(string id)
    {
        foreach (var segment in segments)
        {
            if (segment.Id == id)
            {
                return segment;
            }
        }

        return null;
    }

    /// <summary>All segments with this id, in order.</summary>
    public IEnumerable<Hl7Segment> GetSegments(string id) => segments.Where(s => s.Id == id);

    /// <summary>Appends an empty segment with this id.</summary>
    public Hl7Segment AddSegment(string id) => InsertSegment(segments.Count, id);

    /// <summary>Inserts an empty segment with this id at a position (after MSH).</summary>
    public Hl7Segment InsertSegment(int index, string id)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, segments.Count);
        if (!SegmentIds.IsValid(id) || id == "MSH")
        {
            throw new ArgumentException($"'{id}' is not a segment id that can be added (three capitals or digits, not MSH).", nameof(id));
        }

        var segment = new Hl7Segment(this, id, id.AsMemory());
        segments.Insert(index, segment);
        return segment;
    }

    /// <summary>Removes a segment (not MSH).</summary>
    public bool RemoveSegment(Hl7Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.IsHeader && ReferenceEquals(segment, segments[0]))
        {
            throw new InvalidOperationException("MSH cannot be removed.");
        }

        return segments.Remove(segment);
    }

    /// <summary>Canonical ER7: segments terminated by CR, trailing empty fields and components left out.</summary>
    public string ToEr7()
    {
        var builder = new StringBuilder(segments.Sum(s => s.Raw.Length + 1));
        foreach (var segment in segments)
        {
            Er7Canonical.Append(builder, segment.Raw.Span, Delimiters, segment.IsHeader);
            builder.Append('\r');
        }

        return builder.ToString();
    }

    /// <summary>Canonical ER7 encoded in the message's character set (MSH-18); unencodable text is an error.</summary>
    public byte[] ToBytes() => Charset.Encode(ToEr7());

    /// <summary>True when both messages have the same delimiters and the same canonical content.</summary>
    public bool ContentEquals(Hl7Message? other) =>
        other is not null && Delimiters.Equals(other.Delimiters) && string.Equals(ToEr7(), other.ToEr7(), StringComparison.Ordinal);

    public override string ToString() => ToEr7();

    internal void Add(Hl7Segment segment) => segments.Add(segment);

    internal void RefreshCharset()
    {
        var msh18 = Header.GetField(18).GetRepetition(1).Value;
        Charset = Hl7Charset.Resolve(msh18);
        CharsetAlias = Hl7Charset.IsAlias(msh18) ? msh18.Trim() : null;
    }
}
