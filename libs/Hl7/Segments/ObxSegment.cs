using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>OBX, observation/result: in radiology, report text (TX/FT), codes (CE) or references (RP).</summary>
public sealed class ObxSegment(Hl7Segment segment) : Hl7SegmentView(segment, "OBX")
{
    /// <summary>OBX-1.</summary>
    public string SetId
    {
        get => Get(1);
        set => Set(1, value);
    }

    /// <summary>OBX-2 (TX, FT, ST, CE, CWE, NM, RP, ED ...).</summary>
    public string ValueType
    {
        get => Get(2);
        set => Set(2, value);
    }

    /// <summary>OBX-3.</summary>
    public Hl7CodedElement? ObservationIdentifier
    {
        get => GetFirst(3, Hl7CodedElement.Read);
        set => SetFirst(3, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBX-4.</summary>
    public string ObservationSubId
    {
        get => Get(4);
        set => Set(4, value);
    }

    /// <summary>OBX-5 repetitions as raw ER7 (their structure depends on OBX-2).</summary>
    public IReadOnlyList<string> RawValues => Segment.GetField(5).Repetitions.Select(r => r.Raw.ToString()).ToList();

    /// <summary>
    /// OBX-5 as text: for TX/FT/ST each repetition is a line, escapes resolved and (FT) formatting rendered; for other
    /// types the first component of each repetition.
    /// </summary>
    public string TextValue
    {
        get
        {
            var observation = Segment.GetField(5);
            var type = ValueType;
            var lines = observation.Repetitions.Select(r => type is "FT" or "TX"
                ? Hl7Escaping.ToPlainText(r.Raw.Span, Delimiters, Segment.Message.Charset)
                : r.Value);
            return string.Join('\n', lines);
        }
    }

    /// <summary>Sets OBX-5 to text, one repetition per line (lines escaped; the writer never emits raw line ends).</summary>
    public void SetTextValue(string valueType, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ValueType = valueType;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        // Empty lines inside the text stay as empty repetitions; trailing ones are dropped (canonical ER7).
        Segment.SetRepetitionsRaw(5, lines.Select(line => Hl7Escaping.Escape(line, Delimiters)));
    }

    /// <summary>Sets OBX-5 to a coded value (OBX-2 = CE, or CWE from v2.6).</summary>
    public void SetCodedValue(Hl7CodedElement value, string valueType = "CE")
    {
        ArgumentNullException.ThrowIfNull(value);
        ValueType = valueType;
        Segment.SetFieldRaw(5, value.ToEr7(Delimiters));
    }

    /// <summary>OBX-6.</summary>
    public Hl7CodedElement? Units
    {
        get => GetFirst(6, Hl7CodedElement.Read);
        set => SetFirst(6, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBX-7.</summary>
    public string ReferencesRange
    {
        get => Get(7);
        set => Set(7, value);
    }

    /// <summary>OBX-8.</summary>
    public IReadOnlyList<string> AbnormalFlags
    {
        get => GetRepeated(8);
        set => SetRepeated(8, value);
    }

    /// <summary>OBX-11 (table 0085: F final, P preliminary, C correction ...).</summary>
    public string ResultStatus
    {
        get => Get(11);
        set => Set(11, value);
    }

    /// <summary>OBX-14.</summary>
    public Hl7DateTime? ObservationDateTime
    {
        get => GetDateTime(14);
        set => SetDateTime(14, value);
    }

    /// <summary>OBX-16.</summary>
    public IReadOnlyList<Hl7Provider> ResponsibleObservers
    {
        get => GetAll(16, Hl7Provider.Read);
        set => SetAll(16, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>OBX-19.</summary>
    public Hl7DateTime? AnalysisDateTime
    {
        get => GetDateTime(19);
        set => SetDateTime(19, value);
    }
}
