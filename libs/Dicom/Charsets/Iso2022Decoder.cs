using System.Text;

namespace CloudRisPacs.Dicom.Charsets;

/// <summary>
/// Decodes bytes written with ISO 2022 code extensions (PS3.5 section 6.1.2.5): escape sequences switch the code
/// element in G0 (bytes below 0x80) or G1 (bytes from 0x80). Decoding is tolerant: an unknown escape is kept as text,
/// bytes no element can decode become U+FFFD, and the state is not reset at delimiters (a writer that forgot to
/// designate again is still read the way it meant).
/// </summary>
internal static class Iso2022Decoder
{
    private const byte Esc = 0x1B;

    public static string Decode(ReadOnlySpan<byte> bytes, CodeElement initialG0, CodeElement? initialG1)
    {
        var g0 = initialG0;
        var g1 = initialG1;
        var text = new StringBuilder(bytes.Length);
        var index = 0;
        while (index < bytes.Length)
        {
            if (bytes[index] == Esc)
            {
                var designated = MatchEscape(bytes[index..]);
                if (designated is null)
                {
                    text.Append((char)Esc);
                    index++;
                    continue;
                }

                if (designated.IsG1)
                {
                    g1 = designated;
                }
                else
                {
                    g0 = designated;
                }

                index += designated.Escape.Length;
                continue;
            }

            var end = index;
            var high = bytes[index] >= 0x80;
            while (end < bytes.Length && bytes[end] != Esc && bytes[end] >= 0x80 == high)
            {
                end++;
            }

            var run = bytes[index..end];
            if (high)
            {
                DecodeG1(run, g1, text);
            }
            else
            {
                DecodeG0(run, g0, text);
            }

            index = end;
        }

        return text.ToString();
    }

    private static CodeElement? MatchEscape(ReadOnlySpan<byte> bytes)
    {
        CodeElement? best = null;
        foreach (var element in CharacterSetTerms.Designatable)
        {
            if (bytes.StartsWith(element.Escape) && (best is null || element.Escape.Length > best.Escape.Length))
            {
                best = element;
            }
        }

        return best;
    }

    private static void DecodeG0(ReadOnlySpan<byte> run, CodeElement g0, StringBuilder text)
    {
        if (g0.Kind is not (CodeElementKind.Jis0208 or CodeElementKind.Jis0212))
        {
            AppendLatin1(run, text);
            return;
        }

        // Two-byte sets occupy 0x21-0x7E; spaces and control characters stay single bytes. Code page 20932 holds
        // JIS X 0208 as two bytes with the high bit set and JIS X 0212 as a first byte with it and a second without.
        var is0212 = g0.Kind == CodeElementKind.Jis0212;
        var euc = new List<byte>(run.Length);
        for (var i = 0; i < run.Length; i++)
        {
            var b = run[i];
            if (b <= 0x20 || b == 0x7F)
            {
                Flush(euc, g0, text);
                text.Append((char)b);
            }
            else if (i + 1 < run.Length && run[i + 1] > 0x20 && run[i + 1] < 0x7F)
            {
                euc.Add((byte)(b | 0x80));
                euc.Add(is0212 ? run[i + 1] : (byte)(run[i + 1] | 0x80));
                i++;
            }
            else
            {
                Flush(euc, g0, text);
                text.Append('\uFFFD');
            }
        }

        Flush(euc, g0, text);
    }

    private static void Flush(List<byte> euc, CodeElement element, StringBuilder text)
    {
        if (euc.Count > 0)
        {
            text.Append(element.Encoding.GetString(euc.ToArray()));
            euc.Clear();
        }
    }

    private static void DecodeG1(ReadOnlySpan<byte> run, CodeElement? g1, StringBuilder text)
    {
        switch (g1?.Kind)
        {
            case null:
                AppendLatin1(run, text);
                break;
            case CodeElementKind.JisKatakana:
                foreach (var b in run)
                {
                    text.Append(b is >= 0xA1 and <= 0xDF ? (char)(0xFF61 + (b - 0xA1)) : '\uFFFD');
                }

                break;
            default:
                text.Append(g1.Encoding.GetString(run));
                break;
        }
    }

    private static void AppendLatin1(ReadOnlySpan<byte> run, StringBuilder text)
    {
        foreach (var b in run)
        {
            text.Append((char)b);
        }
    }
}
