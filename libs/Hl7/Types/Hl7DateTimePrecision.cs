namespace CloudRisPacs.Hl7.Types;

/// <summary>How much of an HL7 date/time (DTM/TS/DT) was given.</summary>
public enum Hl7DateTimePrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,

    /// <summary>Seconds with 1 to 4 fractional digits.</summary>
    FractionOfSecond,
}
