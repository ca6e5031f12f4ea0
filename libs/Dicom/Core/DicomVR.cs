using System.Collections.Frozen;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A value representation (PS3.5 section 6.2) as data: each instance carries the rules the codecs and converters
/// need (header form in explicit VR, padding, maximum length, byte-swapping unit, character-set dependence).
/// </summary>
public sealed class DicomVR : IEquatable<DicomVR>
{
    private DicomVR(
        string code,
        DicomVRKind kind,
        bool hasLongLength,
        byte padding,
        int maxLength,
        int unitSize,
        bool isCharsetDependent = false,
        bool isMultiValued = true,
        bool trimsLeadingSpaces = false)
    {
        Code = code;
        Kind = kind;
        HasLongExplicitLength = hasLongLength;
        PaddingByte = padding;
        MaxLength = maxLength;
        UnitSize = unitSize;
        IsCharacterSetDependent = isCharsetDependent;
        IsMultiValued = isMultiValued;
        TrimsLeadingSpaces = trimsLeadingSpaces;
        Code16 = (ushort)(code[0] | (code[1] << 8));
    }

    public static DicomVR AE { get; } = Text("AE", 16, trimLeading: true);

    public static DicomVR AS { get; } = Text("AS", 4);

    public static DicomVR AT { get; } = Number("AT", 2);

    public static DicomVR CS { get; } = Text("CS", 16, trimLeading: true);

    public static DicomVR DA { get; } = Text("DA", 8);

    public static DicomVR DS { get; } = Text("DS", 16, trimLeading: true);

    public static DicomVR DT { get; } = Text("DT", 26);

    public static DicomVR FD { get; } = Number("FD", 8);

    public static DicomVR FL { get; } = Number("FL", 4);

    public static DicomVR IS { get; } = Text("IS", 12, trimLeading: true);

    public static DicomVR LO { get; } = Text("LO", 64, charset: true, trimLeading: true);

    public static DicomVR LT { get; } = Text("LT", 10240, charset: true, multi: false);

    public static DicomVR OB { get; } = Bulk("OB", 1);

    public static DicomVR OD { get; } = Bulk("OD", 8);

    public static DicomVR OF { get; } = Bulk("OF", 4);

    public static DicomVR OL { get; } = Bulk("OL", 4);

    public static DicomVR OV { get; } = Bulk("OV", 8);

    public static DicomVR OW { get; } = Bulk("OW", 2);

    public static DicomVR PN { get; } = Text("PN", 64, charset: true);

    public static DicomVR SH { get; } = Text("SH", 16, charset: true, trimLeading: true);

    public static DicomVR SL { get; } = Number("SL", 4);

    public static DicomVR SQ { get; } = new("SQ", DicomVRKind.Sequence, hasLongLength: true, 0, 0, 1, isMultiValued: false);

    public static DicomVR SS { get; } = Number("SS", 2);

    public static DicomVR ST { get; } = Text("ST", 1024, charset: true, multi: false);

    public static DicomVR SV { get; } = Number("SV", 8, longLength: true);

    public static DicomVR TM { get; } = Text("TM", 14);

    public static DicomVR UC { get; } = Text("UC", 0, charset: true, longLength: true);

    public static DicomVR UI { get; } = new("UI", DicomVRKind.Text, hasLongLength: false, 0x00, 64, 1, trimsLeadingSpaces: true);

    public static DicomVR UL { get; } = Number("UL", 4);

    public static DicomVR UN { get; } = Bulk("UN", 1);

    public static DicomVR UR { get; } = Text("UR", 0, multi: false, longLength: true, trimLeading: true);

    public static DicomVR US { get; } = Number("US", 2);

    public static DicomVR UT { get; } = Text("UT", 0, charset: true, multi: false, longLength: true);

    public static DicomVR UV { get; } = Number("UV", 8, longLength: true);

    /// <summary>Every value representation of the current standard.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI,
        UL, UN, UR, US, UT, UV,
    ];

    // Declared after the VRs so that the static initializers have run when the table is built.
    private static readonly FrozenDictionary<ushort, DicomVR> ByCode = All.ToFrozenDictionary(vr => vr.Code16);

    /// <summary>The two-letter code, e.g. <c>PN</c>.</summary>
    public string Code { get; }

    /// <summary>How values of this VR are stored.</summary>
    public DicomVRKind Kind { get; }

    /// <summary>
    /// In explicit VR encodings, whether the header has two reserved bytes and a 32-bit length (OB, OD, OF, OL, OV, OW,
    /// SQ, SV, UC, UN, UR, UT, UV) rather than a 16-bit length.
    /// </summary>
    public bool HasLongExplicitLength { get; }

    /// <summary>The byte that pads a value to even length: a space for text, NUL for UI and binary values.</summary>
    public byte PaddingByte { get; }

    /// <summary>The maximum length of one value in characters (text) or bytes (numbers); 0 when only the 32-bit length limits it.</summary>
    public int MaxLength { get; }

    /// <summary>The size in bytes of one binary unit, which is what byte swapping reverses (1 for text and OB/UN).</summary>
    public int UnitSize { get; }

    /// <summary>Whether the value is decoded with the Specific Character Set (SH, LO, ST, LT, UC, UT, PN).</summary>
    public bool IsCharacterSetDependent { get; }

    /// <summary>For text VRs, whether the backslash separates multiple values (false for LT, ST, UT, UR).</summary>
    public bool IsMultiValued { get; }

    /// <summary>For text VRs, whether leading spaces are insignificant and removed on access.</summary>
    public bool TrimsLeadingSpaces { get; }

    /// <summary>Whether the value is character data.</summary>
    public bool IsText => Kind == DicomVRKind.Text;

    /// <summary>The code's two ASCII bytes as a little-endian 16-bit number, for fast comparison while parsing.</summary>
    internal ushort Code16 { get; }

    /// <summary>The VR with the given two-letter code; throws <see cref="ArgumentException"/> when it is not one.</summary>
    public static DicomVR Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return TryParse(code, out var vr) ? vr : throw new ArgumentException($"'{code}' is not a DICOM value representation.", nameof(code));
    }

    /// <summary>Looks up a VR by its two-letter code.</summary>
    public static bool TryParse(string? code, [NotNullWhen(true)] out DicomVR? vr)
    {
        vr = null;
        return code is { Length: 2 } && ByCode.TryGetValue((ushort)(code[0] | (code[1] << 8)), out vr);
    }

    /// <summary>Looks up a VR by its two code bytes as they appear in an explicit VR header.</summary>
    public static bool TryParse(byte first, byte second, [NotNullWhen(true)] out DicomVR? vr) =>
        ByCode.TryGetValue((ushort)(first | (second << 8)), out vr);

    public bool Equals(DicomVR? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => Code16;

    public override string ToString() => Code;

    private static DicomVR Text(string code, int maxLength, bool charset = false, bool multi = true, bool longLength = false, bool trimLeading = false) =>
        new(code, DicomVRKind.Text, longLength, (byte)' ', maxLength, 1, charset, multi, trimLeading);

    private static DicomVR Number(string code, int size, bool longLength = false) =>
        new(code, DicomVRKind.Number, longLength, 0x00, size, size);

    private static DicomVR Bulk(string code, int unit) =>
        new(code, DicomVRKind.Bulk, hasLongLength: true, 0x00, 0, unit, isMultiValued: false);
}
