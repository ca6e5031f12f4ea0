using System.Text;

namespace CloudRisPacs.Dicom.Charsets;

/// <summary>One code element: its escape sequence (designation into G0 or G1) and its .NET encoding.</summary>
internal sealed class CodeElement
{
    private readonly Lazy<Encoding> encoding;

    public CodeElement(string name, CodeElementKind kind, byte[] escape, int codePage)
    {
        Name = name;
        Kind = kind;
        Escape = escape;
        CodePage = codePage;
        encoding = new Lazy<Encoding>(() => CharacterSetEncodings.Get(codePage));
    }

    public string Name { get; }

    public CodeElementKind Kind { get; }

    /// <summary>The escape sequence that designates this element (empty for stand-alone sets).</summary>
    public byte[] Escape { get; }

    public int CodePage { get; }

    /// <summary>Whether the element is designated into G1 (bytes 0x80-0xFF) rather than G0.</summary>
    public bool IsG1 => Kind is CodeElementKind.JisKatakana or CodeElementKind.SingleByteG1 or CodeElementKind.Ksx1001 or CodeElementKind.Gb2312;

    public bool IsMultiByte => Kind is CodeElementKind.Jis0208 or CodeElementKind.Jis0212 or CodeElementKind.Ksx1001 or CodeElementKind.Gb2312;

    /// <summary>The .NET encoding, with exception fallback for encoding and replacement for decoding.</summary>
    public Encoding Encoding => encoding.Value;

    public override string ToString() => Name;
}
