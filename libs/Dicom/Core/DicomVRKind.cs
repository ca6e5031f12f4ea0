namespace CloudRisPacs.Dicom;

/// <summary>How a value representation stores its value, which decides how it is converted on access.</summary>
public enum DicomVRKind
{
    /// <summary>Character string values separated by backslashes (or a single text value for LT, ST, UT, UR).</summary>
    Text,

    /// <summary>Fixed-size binary numbers (AT, FD, FL, SL, SS, SV, UL, US, UV).</summary>
    Number,

    /// <summary>Bulk binary data (OB, OD, OF, OL, OV, OW, UN).</summary>
    Bulk,

    /// <summary>A sequence of items (SQ).</summary>
    Sequence,
}
