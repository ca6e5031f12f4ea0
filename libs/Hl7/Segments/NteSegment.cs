using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>NTE, notes and comments.</summary>
public sealed class NteSegment(Hl7Segment segment) : Hl7SegmentView(segment, "NTE")
{
    /// <summary>NTE-1.</summary>
    public string SetId
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>NTE-2 (table 0105: L ancillary, P placer, O other).</summary>
    public string SourceOfComment
    {
        get => Get(2);
        set => Set(2, value);
    }

    /// <summary>NTE-3 repetitions (FT), escapes resolved, formatting kept.</summary>
    public IReadOnlyList<string> Comments
    {
        get => GetRepeated(3);
        set => SetRepeated(3, value);
    }

    /// <summary>NTE-3 as plain text, one line per repetition, formatting (<c>\.br\</c>, highlighting) rendered.</summary>
    public string CommentText => string.Join('\n',
        Segment.GetField(3).Repetitions.Select(r => Hl7Escaping.ToPlainText(r.Raw.Span, Delimiters, Segment.Message.Charset)));

    /// <summary>NTE-4.</summary>
    public Hl7CodedElement? CommentType
    {
        get => GetFirst(4, Hl7CodedElement.Read);
        set => SetFirst(4, value, (v, d) => v.ToEr7(d));
    }
}
