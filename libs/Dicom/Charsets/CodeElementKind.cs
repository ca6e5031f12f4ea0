namespace CloudRisPacs.Dicom.Charsets;

/// <summary>The code elements of PS3.3 tables C.12-2 to C.12-5 and how their bytes map to characters.</summary>
internal enum CodeElementKind
{
    /// <summary>ISO-IR 6 (ASCII), G0.</summary>
    Ascii,

    /// <summary>JIS X 0201 Romaji (ISO-IR 14), G0: read as ASCII, as every DICOM toolkit does.</summary>
    JisRomaji,

    /// <summary>JIS X 0201 Katakana (ISO-IR 13), G1, single bytes 0xA1-0xDF.</summary>
    JisKatakana,

    /// <summary>A 96-character single-byte set in G1 (ISO 8859 parts, TIS 620) decoded with a .NET code page.</summary>
    SingleByteG1,

    /// <summary>JIS X 0208 (ISO-IR 87), two bytes in G0.</summary>
    Jis0208,

    /// <summary>JIS X 0212 (ISO-IR 159), two bytes in G0.</summary>
    Jis0212,

    /// <summary>KS X 1001 (ISO-IR 149), two bytes in G1.</summary>
    Ksx1001,

    /// <summary>GB 2312 (ISO-IR 58), two bytes in G1.</summary>
    Gb2312,

    /// <summary>A character set used without code extensions (UTF-8, GB18030, GBK).</summary>
    StandAlone,
}
