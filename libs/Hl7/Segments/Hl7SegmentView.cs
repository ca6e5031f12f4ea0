using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>
/// Base of the typed segment views: named, read-write properties over an <see cref="Hl7Segment"/>. A view holds no
/// state of its own; reads split the segment on demand and writes go straight into it.
/// </summary>
public abstract class Hl7SegmentView
{
    protected Hl7SegmentView(Hl7Segment segment, string id)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Id != id)
        {
            throw new ArgumentException($"A {id} view needs a {id} segment, not {segment.Id}.", nameof(segment));
        }

        Segment = segment;
    }

    /// <summary>The segment behind the view, for fields the view does not name.</summary>
    public Hl7Segment Segment { get; }

    protected Hl7Delimiters Delimiters => Segment.Message.Delimiters;

    protected string Get(int field, int component = 1) => Segment.GetValue(field, component);

    protected void Set(int field, string? value) => Segment.SetField(field, value);

    protected void SetComponent(int field, int component, string? value) => Segment.SetComponent(field, component, value);

    protected T? GetFirst<T>(int field, Func<Hl7Composite, T> read)
        where T : class
    {
        var value = Segment.GetField(field);
        return value.IsEmpty ? null : read(value.GetRepetition(1).AsComposite());
    }

    protected IReadOnlyList<T> GetAll<T>(int field, Func<Hl7Composite, T> read)
    {
        var value = Segment.GetField(field);
        var count = value.RepetitionCount;
        var list = new List<T>(count);
        for (var i = 1; i <= count; i++)
        {
            var repetition = value.GetRepetition(i);
            if (!repetition.IsEmpty)
            {
                list.Add(read(repetition.AsComposite()));
            }
        }

        return list;
    }

    protected void SetFirst<T>(int field, T? value, Func<T, Hl7Delimiters, string> write)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(write);
        Segment.SetFieldRaw(field, value is null ? string.Empty : write(value, Delimiters));
    }

    protected void SetAll<T>(int field, IEnumerable<T>? values, Func<T, Hl7Delimiters, string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Segment.SetRepetitionsRaw(field, (values ?? []).Select(v => write(v, Delimiters)));
    }

    /// <summary>A date/time field; null when empty or not a valid HL7 date/time (validation reports the latter).</summary>
    protected Hl7DateTime? GetDateTime(int field, int component = 1) =>
        Hl7DateTime.TryParse(Segment.GetValue(field, component), out var value) ? value : null;

    protected void SetDateTime(int field, Hl7DateTime? value) => Segment.SetField(field, value?.ToString());

    protected IReadOnlyList<string> GetRepeated(int field)
    {
        var value = Segment.GetField(field);
        return value.Repetitions.Where(r => !r.IsEmpty).Select(r => r.Value).ToList();
    }

    protected void SetRepeated(int field, IEnumerable<string>? values) =>
        Segment.SetRepetitionsRaw(field, (values ?? []).Select(v => Hl7Escaping.Escape(v, Delimiters)));

    public override string ToString() => Segment.ToString();
}
