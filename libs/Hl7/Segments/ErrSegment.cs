using System.Globalization;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>
/// ERR, error. v2.5+ carries the location in ERR-2 (ERL), the table 0357 code in ERR-3 and severity in ERR-4;
/// v2.3/2.4 put location and code together in ERR-1 (ELD). Both are read; <see cref="Write"/> picks by version.
/// </summary>
public sealed class ErrSegment(Hl7Segment segment) : Hl7SegmentView(segment, "ERR")
{
    /// <summary>ERR-2 (or ERR-1.1-3 for v2.3/2.4): where the error is.</summary>
    public Hl7Location? Location
    {
        get
        {
            var erl = Segment.GetField(2);
            if (!erl.IsEmpty)
            {
                var parts = erl.GetRepetition(1).AsComposite();
                return new Hl7Location(parts[1], Number(parts[2]), Number(parts[3]), Number(parts[4]), Number(parts[5]), Number(parts[6]));
            }

            var eld = Segment.GetField(1);
            if (eld.IsEmpty)
            {
                return null;
            }

            var legacy = eld.GetRepetition(1).AsComposite();
            return new Hl7Location(legacy[1], Number(legacy[2]), Number(legacy[3]));
        }
    }

    /// <summary>ERR-3.1 (or ERR-1.4.1): the table 0357 code, when it is one.</summary>
    public Hl7ErrorCode? ErrorCode
    {
        get
        {
            var code = Segment.GetValue(3);
            if (code.Length == 0)
            {
                code = Segment.GetField(1).GetRepetition(1).AsComposite().Nested(4)[1];
            }

            return int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined((Hl7ErrorCode)number)
                ? (Hl7ErrorCode)number
                : null;
        }
    }

    /// <summary>ERR-4 (table 0516: E error, W warning, I information, F fatal).</summary>
    public string Severity
    {
        get => Get(4);
        set => Set(4, value);
    }

    /// <summary>ERR-5.</summary>
    public Hl7CodedElement? ApplicationErrorCode
    {
        get => GetFirst(5, Hl7CodedElement.Read);
        set => SetFirst(5, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>ERR-7.</summary>
    public string DiagnosticInformation
    {
        get => Get(7);
        set => Set(7, value);
    }

    /// <summary>ERR-8.</summary>
    public string UserMessage
    {
        get => Get(8);
        set => Set(8, value);
    }

    /// <summary>Writes one error in the form the message's version expects.</summary>
    public void Write(Hl7ErrorCode code, Hl7Location location, string severity, string? diagnostic, bool legacyVersion)
    {
        var d = Delimiters;
        var text = Hl7ErrorCodeText.Of(code);
        var number = ((int)code).ToString(CultureInfo.InvariantCulture);
        var field = location.Field > 0 ? location.Field.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var sequence = location.SegmentSequence > 0 ? location.SegmentSequence.ToString(CultureInfo.InvariantCulture) : string.Empty;
        if (legacyVersion)
        {
            var codeElement = new Hl7CodedElement(number, text, "HL70357").ToEr7(d, Hl7CompositeLevel.Subcomponents);
            var eld = new Er7CompositeBuilder(d, Hl7CompositeLevel.Components)
                .Add(location.SegmentId).Add(sequence).Add(field).AddRaw(codeElement).Build();
            Segment.SetFieldRaw(1, eld);
            return;
        }

        string Optional(int value) => value > 0 ? value.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var erl = new Er7CompositeBuilder(d, Hl7CompositeLevel.Components)
            .Add(location.SegmentId).Add(sequence).Add(field)
            .Add(Optional(location.Repetition)).Add(Optional(location.Component)).Add(Optional(location.Subcomponent)).Build();
        Segment.SetFieldRaw(2, erl);
        Segment.SetFieldRaw(3, new Hl7CodedElement(number, text, "HL70357").ToEr7(d));
        Severity = severity;
        if (!string.IsNullOrEmpty(diagnostic))
        {
            DiagnosticInformation = diagnostic;
        }
    }

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
