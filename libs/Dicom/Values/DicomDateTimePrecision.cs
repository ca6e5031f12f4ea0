namespace CloudRisPacs.Dicom;

/// <summary>The last component a DA, TM or DT value carries; later components were omitted in the text.</summary>
public enum DicomDateTimePrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,

    /// <summary>Fractional seconds are present (with <c>FractionDigits</c> digits).</summary>
    Fraction,
}
