using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>A parsed HL7 location: segment id, field number, optional component (<c>ORC-7.4</c>).</summary>
public readonly record struct Hl7FieldLocation(string Segment, int Field, int? Component)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out Hl7FieldLocation? location)
    {
        location = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash != 3)
        {
            return false;
        }

        var segment = text[..3].ToUpperInvariant();
        if (!segment.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        var rest = text[(dash + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var fieldText = dot < 0 ? rest : rest[..dot];
        if (!int.TryParse(fieldText, NumberStyles.None, CultureInfo.InvariantCulture, out var field) || field < 1 || field > 999)
        {
            return false;
        }

        int? component = null;
        if (dot >= 0)
        {
            if (!int.TryParse(rest[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c < 1 || c > 99)
            {
                return false;
            }

            component = c;
        }

        location = new Hl7FieldLocation(segment, field, component);
        return true;
    }

    public override string ToString() => Component is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"{Segment}-{Field}.{c}")
        : string.Create(CultureInfo.InvariantCulture, $"{Segment}-{Field}");
}
