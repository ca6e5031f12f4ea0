using System.Buffers;
using System.Text;

namespace CloudRisPacs.Dicom.Charsets;

/// <summary>
/// Encodes text for a Specific Character Set with ISO 2022 code extensions, strictly (PS3.5 section 6.1.2.5.3):
/// each character goes to the first listed code element that has it, designated with its escape sequence when it is
/// not active; before every delimiter and at the end of the value the elements of the first value become active
/// again. A character no listed element has is an error.
/// </summary>
internal sealed class Iso2022Encoder
{
    private readonly IReadOnlyList<CharacterSetTerm> terms;
    private readonly CodeElement initialG0;
    private readonly CodeElement? initialG1;

    public Iso2022Encoder(IReadOnlyList<CharacterSetTerm> terms)
    {
        this.terms = terms;
        initialG0 = terms[0].G0 ?? CharacterSetTerms.Ascii;
        initialG1 = terms[0].G1;
    }

    public bool TryEncode(string text, DicomVR vr, ArrayBufferWriter<byte> output, [NotNullWhen(false)] out string? error)
    {
        var g0 = initialG0;
        var g1 = initialG1;
        var emitEscapes = terms.Count > 1 || terms[0].UsesCodeExtensions;
        Span<byte> buffer = stackalloc byte[8];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (IsDelimiter(c, vr))
                {
                    Reset(ref g0, ref g1, output, emitEscapes);
                }

                if (g0.Kind is not (CodeElementKind.Ascii or CodeElementKind.JisRomaji))
                {
                    g0 = initialG0.Kind is CodeElementKind.Ascii or CodeElementKind.JisRomaji ? initialG0 : CharacterSetTerms.Ascii;
                    Write(output, g0.Escape);
                }

                Write(output, [(byte)c]);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
            var character = text.AsSpan(i, length);
            var element = FindElement(character, g0, g1, buffer, out var written);
            if (element is null)
            {
                error = $"The character '{character}' (U+{char.ConvertToUtf32(text, i):X4}) cannot be encoded in Specific Character Set '{string.Join('\\', terms.Select(t => t.Term))}'.";
                return false;
            }

            if (element.IsG1 && element != g1)
            {
                Designate(output, element, emitEscapes);
                g1 = element;
            }
            else if (!element.IsG1 && element != g0)
            {
                Designate(output, element, emitEscapes);
                g0 = element;
            }

            Write(output, buffer[..written]);
            i += length - 1;
        }

        Reset(ref g0, ref g1, output, emitEscapes);
        error = null;
        return true;
    }

    private static bool IsDelimiter(char c, DicomVR vr) =>
        c is '\\' or '\r' or '\n' or '\t' or '\f' || (vr == DicomVR.PN && c is '^' or '=');

    private static void Designate(ArrayBufferWriter<byte> output, CodeElement element, bool emitEscapes)
    {
        if (emitEscapes)
        {
            Write(output, element.Escape);
        }
    }

    private static void Write(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private void Reset(ref CodeElement g0, ref CodeElement? g1, ArrayBufferWriter<byte> output, bool emitEscapes)
    {
        if (g0 != initialG0)
        {
            Designate(output, initialG0, emitEscapes);
            g0 = initialG0;
        }

        if (g1 != initialG1)
        {
            // With no G1 in the first value there is nothing to designate: the next G1 character designates again.
            if (initialG1 is not null)
            {
                Designate(output, initialG1, emitEscapes);
            }

            g1 = initialG1;
        }
    }

    private CodeElement? FindElement(ReadOnlySpan<char> character, CodeElement g0, CodeElement? g1, Span<byte> buffer, out int written)
    {
        // Prefer what is active, to avoid needless escapes; then the listed sets in order.
        foreach (var candidate in Candidates(g0, g1))
        {
            if (TryEncodeCharacter(candidate, character, buffer, out written))
            {
                return candidate;
            }
        }

        written = 0;
        return null;
    }

    private IEnumerable<CodeElement> Candidates(CodeElement g0, CodeElement? g1)
    {
        if (g1 is not null)
        {
            yield return g1;
        }

        if (g0.IsMultiByte)
        {
            yield return g0;
        }

        foreach (var term in terms)
        {
            if (term.G1 is not null)
            {
                yield return term.G1;
            }

            if (term.G0 is not null && term.G0.IsMultiByte)
            {
                yield return term.G0;
            }
        }
    }

    private static bool TryEncodeCharacter(CodeElement element, ReadOnlySpan<char> character, Span<byte> buffer, out int written)
    {
        written = 0;
        if (element.Kind == CodeElementKind.JisKatakana)
        {
            if (character.Length == 1 && character[0] is >= '\uFF61' and <= '\uFF9F')
            {
                buffer[0] = (byte)(0xA1 + (character[0] - 0xFF61));
                written = 1;
                return true;
            }

            return false;
        }

        int count;
        try
        {
            count = element.Encoding.GetBytes(character, buffer);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }

        switch (element.Kind)
        {
            case CodeElementKind.SingleByteG1:
                written = count;
                return count == 1 && buffer[0] >= 0xA0;
            case CodeElementKind.Jis0208:
                if (count == 2 && buffer[0] >= 0xA1 && buffer[0] <= 0xFE && buffer[1] >= 0xA1)
                {
                    buffer[0] &= 0x7F;
                    buffer[1] &= 0x7F;
                    written = 2;
                    return true;
                }

                return false;
            case CodeElementKind.Jis0212:
                // Code page 20932 writes JIS X 0212 as a first byte with the high bit and a second without.
                if (count == 2 && buffer[0] >= 0xA1 && buffer[0] <= 0xFE && buffer[1] > 0x20 && buffer[1] < 0x7F)
                {
                    buffer[0] &= 0x7F;
                    written = 2;
                    return true;
                }

                return false;
            case CodeElementKind.Ksx1001:
            case CodeElementKind.Gb2312:
                written = count;
                return count == 2 && buffer[0] >= 0xA1 && buffer[0] <= 0xFE && buffer[1] >= 0xA1 && buffer[1] <= 0xFE;
            default:
                written = count;
                return count > 0;
        }
    }
}
