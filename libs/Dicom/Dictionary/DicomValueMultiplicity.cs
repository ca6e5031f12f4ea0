using System.Globalization;

namespace CloudRisPacs.Dicom;

/// <summary>A value multiplicity from the data dictionary: <c>1</c>, <c>1-3</c>, <c>1-n</c>, <c>2-2n</c>.</summary>
public readonly record struct DicomValueMultiplicity(int Minimum, int Maximum, int Step)
{
    /// <summary>The maximum of an unbounded multiplicity (<c>n</c>).</summary>
    public const int Unbounded = int.MaxValue;

    public static DicomValueMultiplicity One { get; } = new(1, 1, 1);

    public bool IsUnbounded => Maximum == Unbounded;

    /// <summary>Parses the dictionary notation.</summary>
    public static DicomValueMultiplicity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-');
        var minimum = int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        if (parts.Length == 1)
        {
            return new(minimum, minimum, 1);
        }

        var upper = parts[1];
        if (upper.EndsWith('n'))
        {
            var step = upper.Length == 1 ? 1 : int.Parse(upper[..^1], NumberStyles.None, CultureInfo.InvariantCulture);
            return new(minimum, Unbounded, step);
        }

        return new(minimum, int.Parse(upper, NumberStyles.None, CultureInfo.InvariantCulture), 1);
    }

    /// <summary>Whether a number of values satisfies this multiplicity.</summary>
    public bool Allows(int count) =>
        count >= Minimum && count <= Maximum && (Step <= 1 || count % Step == 0);

    public override string ToString()
    {
        if (Minimum == Maximum)
        {
            return Minimum.ToString(CultureInfo.InvariantCulture);
        }

        var upper = IsUnbounded ? (Step > 1 ? Step.ToString(CultureInfo.InvariantCulture) + "n" : "n") : Maximum.ToString(CultureInfo.InvariantCulture);
        return Minimum.ToString(CultureInfo.InvariantCulture) + "-" + upper;
    }
}
