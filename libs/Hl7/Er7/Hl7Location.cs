using System.Globalization;
using System.Text;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// Where in a message something is: segment id and its 1-based occurrence in the message, then optionally field,
/// repetition, component and subcomponent (all 1-based; 0 means "not narrowed down to this level"). This is the
/// ERL data type of ERR-2.
/// </summary>
public readonly record struct Hl7Location(
    string SegmentId,
    int SegmentSequence,
    int Field = 0,
    int Repetition = 0,
    int Component = 0,
    int Subcomponent = 0)
{
    /// <summary>The whole message, when not even a segment can be named.</summary>
    public static Hl7Location Message { get; } = new(string.Empty, 0);

    public Hl7Location WithField(int field, int repetition = 0) => this with { Field = field, Repetition = repetition };

    public Hl7Location WithComponent(int component, int subcomponent = 0) =>
        this with { Component = component, Subcomponent = subcomponent };

    /// <summary>Readable form such as <c>PID(1)-3[2].4.1</c>.</summary>
    public override string ToString()
    {
        if (SegmentId.Length == 0)
        {
            return "message";
        }

        var text = new StringBuilder(SegmentId);
        if (SegmentSequence > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"({SegmentSequence})");
        }

        if (Field > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"-{Field}");
            if (Repetition > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{Repetition}]");
            }

            if (Component > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $".{Component}");
                if (Subcomponent > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $".{Subcomponent}");
                }
            }
        }

        return text.ToString();
    }
}
