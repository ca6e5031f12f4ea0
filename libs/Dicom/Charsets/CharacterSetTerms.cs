using System.Collections.Frozen;

namespace CloudRisPacs.Dicom.Charsets;

/// <summary>
/// The Defined Terms of Specific Character Set (0008,0005) from PS3.3 section C.12.1.1.2 and the code elements each
/// one designates into G0 and G1.
/// </summary>
internal static class CharacterSetTerms
{
    private const byte Esc = 0x1B;

    public static CodeElement Ascii { get; } = new("ISO-IR 6", CodeElementKind.Ascii, [Esc, (byte)'(', (byte)'B'], CharacterSetEncodings.Latin1);

    public static CodeElement JisRomaji { get; } = new("ISO-IR 14", CodeElementKind.JisRomaji, [Esc, (byte)'(', (byte)'J'], CharacterSetEncodings.Latin1);

    public static CodeElement JisKatakana { get; } = new("ISO-IR 13", CodeElementKind.JisKatakana, [Esc, (byte)')', (byte)'I'], CharacterSetEncodings.Latin1);

    public static CodeElement Jis0208 { get; } = new("ISO-IR 87", CodeElementKind.Jis0208, [Esc, (byte)'$', (byte)'B'], CharacterSetEncodings.EucJp);

    public static CodeElement Jis0212 { get; } = new("ISO-IR 159", CodeElementKind.Jis0212, [Esc, (byte)'$', (byte)'(', (byte)'D'], CharacterSetEncodings.EucJp);

    public static CodeElement Ksx1001 { get; } = new("ISO-IR 149", CodeElementKind.Ksx1001, [Esc, (byte)'$', (byte)')', (byte)'C'], CharacterSetEncodings.EucKr);

    public static CodeElement Gb2312 { get; } = new("ISO-IR 58", CodeElementKind.Gb2312, [Esc, (byte)'$', (byte)')', (byte)'A'], CharacterSetEncodings.Gbk);

    public static CodeElement Utf8 { get; } = new("UTF-8", CodeElementKind.StandAlone, [], CharacterSetEncodings.Utf8);

    public static CodeElement Gb18030 { get; } = new("GB18030", CodeElementKind.StandAlone, [], CharacterSetEncodings.Gb18030);

    public static CodeElement Gbk { get; } = new("GBK", CodeElementKind.StandAlone, [], CharacterSetEncodings.Gbk);

    /// <summary>The 96-character sets designated into G1 with ESC 02/13 F (ISO 8859 parts and TIS 620).</summary>
    private static readonly (int Ir, char Final, int CodePage)[] SingleByteSets =
    [
        (100, 'A', 28591), (101, 'B', 28592), (109, 'C', 28593), (110, 'D', 28594), (144, 'L', 28595),
        (127, 'G', 28596), (126, 'F', 28597), (138, 'H', 28598), (148, 'M', 28599), (203, 'b', 28605),
        (166, 'T', CharacterSetEncodings.Thai),
    ];

    private static readonly FrozenDictionary<string, CharacterSetTerm> ByTerm = BuildTable();

    /// <summary>The escape sequences every code element is designated with, for the ISO 2022 decoder.</summary>
    public static IReadOnlyList<CodeElement> Designatable { get; } = ByTerm.Values
        .SelectMany(term => new[] { term.G0, term.G1 })
        .OfType<CodeElement>()
        .Where(element => element.Escape.Length > 0)
        .DistinctBy(element => element.Name)
        .Append(JisRomaji)
        .DistinctBy(element => element.Name)
        .ToArray();

    /// <summary>Finds a Defined Term exactly as written.</summary>
    public static CharacterSetTerm? Find(string term) => ByTerm.GetValueOrDefault(term);

    /// <summary>
    /// Finds a Defined Term written loosely (<c>ISO_IR_100</c>, <c>ISO-IR 100</c>, <c>iso_ir 100</c>, <c>UTF-8</c>),
    /// which real devices send; the caller warns that it was not exact.
    /// </summary>
    public static CharacterSetTerm? FindLoosely(string term)
    {
        var canonical = string.Join(' ', term.ToUpperInvariant().Replace('_', ' ').Replace('-', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (canonical is "UTF8" or "UTF 8")
        {
            return ByTerm["ISO_IR 192"];
        }

        foreach (var (name, value) in ByTerm)
        {
            var candidate = string.Join(' ', name.Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (candidate == canonical || candidate.Replace(" ", string.Empty, StringComparison.Ordinal) == canonical.Replace(" ", string.Empty, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    private static FrozenDictionary<string, CharacterSetTerm> BuildTable()
    {
        var terms = new Dictionary<string, CharacterSetTerm>(StringComparer.Ordinal)
        {
            [string.Empty] = new(string.Empty, Ascii, null, UsesCodeExtensions: false),
            ["ISO_IR 6"] = new("ISO_IR 6", Ascii, null, UsesCodeExtensions: false),
            ["ISO 2022 IR 6"] = new("ISO 2022 IR 6", Ascii, null, UsesCodeExtensions: true),
            ["ISO_IR 13"] = new("ISO_IR 13", JisRomaji, JisKatakana, UsesCodeExtensions: false),
            ["ISO 2022 IR 13"] = new("ISO 2022 IR 13", JisRomaji, JisKatakana, UsesCodeExtensions: true),
            ["ISO 2022 IR 87"] = new("ISO 2022 IR 87", Jis0208, null, UsesCodeExtensions: true),
            ["ISO 2022 IR 159"] = new("ISO 2022 IR 159", Jis0212, null, UsesCodeExtensions: true),
            ["ISO 2022 IR 149"] = new("ISO 2022 IR 149", null, Ksx1001, UsesCodeExtensions: true),
            ["ISO 2022 IR 58"] = new("ISO 2022 IR 58", null, Gb2312, UsesCodeExtensions: true),
            ["ISO_IR 192"] = new("ISO_IR 192", Utf8, null, UsesCodeExtensions: false, IsStandAlone: true),
            ["GB18030"] = new("GB18030", Gb18030, null, UsesCodeExtensions: false, IsStandAlone: true),
            ["GBK"] = new("GBK", Gbk, null, UsesCodeExtensions: false, IsStandAlone: true),
        };
        foreach (var (ir, final, codePage) in SingleByteSets)
        {
            var element = new CodeElement($"ISO-IR {ir}", CodeElementKind.SingleByteG1, [Esc, (byte)'-', (byte)final], codePage);
            terms[$"ISO_IR {ir}"] = new($"ISO_IR {ir}", Ascii, element, UsesCodeExtensions: false);
            terms[$"ISO 2022 IR {ir}"] = new($"ISO 2022 IR {ir}", Ascii, element, UsesCodeExtensions: true);
        }

        return terms.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
