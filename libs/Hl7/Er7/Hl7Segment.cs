namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// One segment of a message, kept as its ER7 text (a slice of the parsed input until something is changed) and
/// split into fields only when a field is first asked for. Field numbers are HL7's: for MSH, field 1 is the field
/// separator and field 2 the encoding characters, so <c>GetField(9)</c> is MSH-9 for every segment alike.
/// </summary>
public sealed class Hl7Segment
{
    private ReadOnlyMemory<char> text;
    private int[]? separatorPositions;

    internal Hl7Segment(Hl7Message message, string id, ReadOnlyMemory<char> text)
    {
        Message = message;
        Id = id;
        this.text = text;
        IsHeader = id is "MSH";
    }

    /// <summary>The segment id, such as <c>PID</c> or a <c>Z..</c> segment's.</summary>
    public string Id { get; }

    /// <summary>The message this segment belongs to (its delimiters and character set apply).</summary>
    public Hl7Message Message { get; }

    /// <summary>The segment as ER7 text, without a terminator.</summary>
    public ReadOnlyMemory<char> Raw => text;

    /// <summary>True for MSH, whose first two fields are the delimiters themselves.</summary>
    public bool IsHeader { get; }

    /// <summary>The highest field number present (trailing empty fields included as written).</summary>
    public int FieldCount
    {
        get
        {
            var separators = separatorPositions?.Length ?? text.Span.Count(Message.Delimiters.Field);
            return IsHeader ? separators + 1 : separators;
        }
    }

    public Hl7Field this[int number] => GetField(number);

    /// <summary>The field with this HL7 number; an empty field when the segment does not have it.</summary>
    public Hl7Field GetField(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var delimiters = Message.Delimiters;
        if (IsHeader && number == 1)
        {
            return new Hl7Field(text.Slice(3, 1), delimiters, Message.Charset, literal: true);
        }

        var (start, length) = Element(IsHeader ? number - 1 : number);
        return new Hl7Field(text.Slice(start, length), delimiters, Message.Charset, literal: IsHeader && number == 2);
    }

    /// <summary>The unescaped value of one component of a field's first repetition: the common read.</summary>
    public string GetValue(int field, int component = 1) => GetField(field).GetComponent(component).Value;

    /// <summary>Sets a field to a plain value, escaping delimiters in it.</summary>
    public void SetField(int number, string? value) =>
        SetFieldRaw(number, Hl7Escaping.Escape(value ?? string.Empty, Message.Delimiters));

    /// <summary>Sets a field to ER7 text as given (it may hold repetitions and components, but no field separator).</summary>
    public void SetFieldRaw(int number, string raw)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentNullException.ThrowIfNull(raw);
        if (IsHeader && number <= 2)
        {
            throw new InvalidOperationException(
                "MSH-1 and MSH-2 are the message's delimiters; create the message with other delimiters instead.");
        }

        if (raw.AsSpan().IndexOfAny(Message.Delimiters.Field, '\r', '\n') >= 0)
        {
            throw new ArgumentException(
                $"Raw field text must not contain the field separator or line ends; escape values with {nameof(SetField)}.",
                nameof(raw));
        }

        text = Er7Text.Replace(text.Span, Message.Delimiters.Field, IsHeader ? number - 1 : number, raw).AsMemory();
        separatorPositions = null;
        if (IsHeader && number == 18)
        {
            Message.RefreshCharset();
        }
    }

    /// <summary>Sets one component (of the given repetition) to a plain value, keeping the field's other parts.</summary>
    public void SetComponent(int field, int component, string? value, int repetition = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        var escaped = Hl7Escaping.Escape(value ?? string.Empty, Message.Delimiters);
        var current = GetField(field).GetRepetition(repetition).Raw.Span;
        SetRepetitionRaw(field, repetition, Er7Text.Replace(current, Message.Delimiters.Component, component - 1, escaped));
    }

    /// <summary>Sets one subcomponent to a plain value, keeping the field's other parts.</summary>
    public void SetSubcomponent(int field, int component, int subcomponent, string? value, int repetition = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subcomponent, 1);
        var d = Message.Delimiters;
        var escaped = Hl7Escaping.Escape(value ?? string.Empty, d);
        var rep = GetField(field).GetRepetition(repetition);
        var newComponent = Er7Text.Replace(rep.GetComponent(component).Raw.Span, d.Subcomponent, subcomponent - 1, escaped);
        SetRepetitionRaw(field, repetition, Er7Text.Replace(rep.Raw.Span, d.Component, component - 1, newComponent));
    }

    /// <summary>Sets one repetition to ER7 text as given (components allowed, no repetition separator).</summary>
    public void SetRepetitionRaw(int field, int repetition, string raw)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetition, 1);
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Contains(Message.Delimiters.Repetition, StringComparison.Ordinal))
        {
            throw new ArgumentException("A repetition's raw text must not contain the repetition separator.", nameof(raw));
        }

        var current = GetField(field).Raw.Span;
        SetFieldRaw(field, Er7Text.Replace(current, Message.Delimiters.Repetition, repetition - 1, raw));
    }

    /// <summary>Replaces all repetitions of a field with the given ER7 texts.</summary>
    public void SetRepetitionsRaw(int field, IEnumerable<string> raws)
    {
        ArgumentNullException.ThrowIfNull(raws);
        SetFieldRaw(field, Er7Text.JoinTrimmed(Message.Delimiters.Repetition, raws.ToArray()));
    }

    public override string ToString() => text.ToString();

    internal (int Start, int Length) Element(int element)
    {
        var positions = separatorPositions ??= IndexSeparators();
        if (element > positions.Length)
        {
            return (text.Length, 0);
        }

        var start = element == 0 ? 0 : positions[element - 1] + 1;
        var end = element < positions.Length ? positions[element] : text.Length;
        return (start, end - start);
    }

    private int[] IndexSeparators()
    {
        var span = text.Span;
        var separator = Message.Delimiters.Field;
        var positions = new int[span.Count(separator)];
        var from = 0;
        for (var i = 0; i < positions.Length; i++)
        {
            var at = span[from..].IndexOf(separator) + from;
            positions[i] = at;
            from = at + 1;
        }

        return positions;
    }
}
