using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using CloudRisPacs.Dicom.Charsets;

namespace CloudRisPacs.Dicom;

/// <summary>
/// The character repertoire of a data set, from Specific Character Set (0008,0005), used for the VRs SH, LO, ST, LT,
/// UC, UT and PN (PS3.5 section 6.1). Supports the single-byte sets (ISO_IR 6, 100, 101, 109, 110, 126, 127, 138,
/// 144, 148, 166, 203, 13), UTF-8 (ISO_IR 192), GB18030, GBK, and ISO 2022 code extensions with IR 87, 159, 149 and
/// 58. Decoding is tolerant; encoding is strict and throws <see cref="ArgumentException"/> for a character the
/// repertoire lacks.
/// </summary>
public sealed class DicomCharacterSet : IEquatable<DicomCharacterSet>
{
    private static readonly ConcurrentDictionary<string, DicomCharacterSet> Cache = new(StringComparer.Ordinal);

    private readonly CharacterSetTerm[] terms;
    private readonly Iso2022Encoder encoder;

    private DicomCharacterSet(CharacterSetTerm[] terms)
    {
        this.terms = terms;
        encoder = new Iso2022Encoder(terms);
        Terms = terms.Select(t => t.Term).ToArray();
        UsesCodeExtensions = terms.Length > 1 || terms[0].UsesCodeExtensions;
    }

    /// <summary>The default repertoire (ISO_IR 6, ASCII). Bytes above 0x7F, which it lacks, are read as ISO 8859-1.</summary>
    public static DicomCharacterSet Default { get; } = new([CharacterSetTerms.Find(string.Empty)!]);

    /// <summary>ISO_IR 192 (UTF-8).</summary>
    public static DicomCharacterSet Utf8 { get; } = FromTerms("ISO_IR 192");

    /// <summary>The Defined Terms, as they would be written to Specific Character Set.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Whether the set uses ISO 2022 escape sequences.</summary>
    public bool UsesCodeExtensions { get; }

    /// <summary>Whether this is the default repertoire.</summary>
    public bool IsDefault => (terms.Length == 1 && terms[0].Term.Length == 0) || Terms is ["ISO_IR 6"];

    /// <summary>
    /// The set for Defined Terms, strictly: an unknown term or a stand-alone set combined with others throws
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public static DicomCharacterSet FromTerms(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var warnings = new List<string>();
        var result = Parse(values, warnings);
        return warnings.Count == 0 ? result : throw new ArgumentException(string.Join(' ', warnings), nameof(values));
    }

    /// <summary>
    /// The set for the values of Specific Character Set, tolerantly: loosely written terms are recognised, unknown
    /// ones are skipped (falling back to the default repertoire), and each problem is added to
    /// <paramref name="warnings"/>. Never throws for any input.
    /// </summary>
    public static DicomCharacterSet Parse(IReadOnlyList<string>? values, ICollection<string>? warnings = null)
    {
        if (values is null || values.Count == 0 || (values.Count == 1 && string.IsNullOrWhiteSpace(values[0])))
        {
            return Default;
        }

        var key = string.Join('\\', values);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var problems = new List<string>();
        var resolved = new List<CharacterSetTerm>();
        for (var i = 0; i < values.Count; i++)
        {
            var value = (values[i] ?? string.Empty).Trim();
            var term = CharacterSetTerms.Find(value);
            if (term is null && CharacterSetTerms.FindLoosely(value) is { } loose)
            {
                problems.Add($"Specific Character Set value '{value}' is not a Defined Term; read as '{loose.Term}'.");
                term = loose;
            }

            if (term is null)
            {
                problems.Add($"Specific Character Set value '{value}' is unknown; it is ignored and the default repertoire used instead.");
                continue;
            }

            if (values.Count > 1 && !term.UsesCodeExtensions && !term.IsStandAlone && term.Term.Length > 0)
            {
                // Several values require code extensions; "ISO_IR 100" among them means "ISO 2022 IR 100".
                var extended = CharacterSetTerms.Find(term.Term.Replace("ISO_IR", "ISO 2022 IR", StringComparison.Ordinal));
                problems.Add($"Specific Character Set value '{value}' is used with code extensions; read as '{extended?.Term}'.");
                term = extended ?? term;
            }

            resolved.Add(term);
        }

        if (resolved.Count > 1 && resolved.Any(t => t.IsStandAlone))
        {
            problems.Add($"Specific Character Set '{key}' combines {string.Join(", ", resolved.Where(t => t.IsStandAlone).Select(t => t.Term))} with other sets, which PS3.5 forbids; only the first is used.");
            resolved = [resolved.First(t => t.IsStandAlone)];
        }

        if (resolved.Count == 0)
        {
            resolved.Add(CharacterSetTerms.Find(string.Empty)!);
        }
        else if (resolved[0].G0?.IsMultiByte == true)
        {
            // Value 1 gives the initial G0, which PS3.5 6.1.2.5.3 allows only to be ASCII or JIS X 0201 Romaji: a
            // file naming JIS X 0208 or 0212 first still starts in ASCII (as pydicom reads it), or every letter
            // and digit outside an escape sequence would become a kanji pair.
            problems.Add($"Specific Character Set '{key}' names {resolved[0].Term} as value 1, which cannot be the initial set (PS3.5 6.1.2.5.3); text starts in ASCII (ISO 2022 IR 6).");
            resolved.Insert(0, CharacterSetTerms.Find("ISO 2022 IR 6")!);
        }

        foreach (var problem in problems)
        {
            warnings?.Add(problem);
        }

        var result = new DicomCharacterSet([.. resolved]);
        if (problems.Count == 0)
        {
            Cache.TryAdd(key, result);
        }

        return result;
    }

    /// <summary>Decodes a value; never throws (undecodable bytes become U+FFFD).</summary>
    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var first = terms[0];
        if (first.IsStandAlone)
        {
            return first.G0!.Encoding.GetString(bytes);
        }

        if (!UsesCodeExtensions && first.G1 is { Kind: CodeElementKind.SingleByteG1 } g1)
        {
            // ISO 8859 parts and TIS 620 contain ASCII in their lower half.
            return g1.Encoding.GetString(bytes);
        }

        if (first.G0?.Kind is null or CodeElementKind.Ascii && first.G1 is null && !bytes.Contains((byte)0x1B))
        {
            return Encoding.Latin1.GetString(bytes);
        }

        return Iso2022Decoder.Decode(bytes, first.G0 ?? CharacterSetTerms.Ascii, first.G1);
    }

    /// <summary>Encodes a value of the given VR; throws <see cref="ArgumentException"/> for a character outside the repertoire.</summary>
    public byte[] Encode(string text, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vr);
        return TryEncode(text, vr, out var bytes, out var error) ? bytes : throw new ArgumentException(error, nameof(text));
    }

    /// <summary>Encodes a value, reporting instead of throwing when a character is outside the repertoire.</summary>
    public bool TryEncode(string text, DicomVR vr, out byte[] bytes, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vr);
        if (Ascii.IsValid(text))
        {
            bytes = Encoding.ASCII.GetBytes(text);
            if (terms[0].G0?.Kind is null or CodeElementKind.Ascii or CodeElementKind.JisRomaji || terms[0].IsStandAlone)
            {
                error = null;
                return true;
            }
        }

        if (terms[0].IsStandAlone)
        {
            try
            {
                bytes = terms[0].G0!.Encoding.GetBytes(text);
                error = null;
                return true;
            }
            catch (EncoderFallbackException ex)
            {
                bytes = [];
                error = $"The text cannot be encoded in {terms[0].Term}: {ex.Message}";
                return false;
            }
        }

        var output = new ArrayBufferWriter<byte>(text.Length + 8);
        if (encoder.TryEncode(text, vr, output, out error))
        {
            bytes = output.WrittenSpan.ToArray();
            return true;
        }

        bytes = [];
        return false;
    }

    public bool Equals(DicomCharacterSet? other) => other is not null && Terms.SequenceEqual(other.Terms);

    public override bool Equals(object? obj) => Equals(obj as DicomCharacterSet);

    public override int GetHashCode() => string.Join('\\', Terms).GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Terms.Count == 1 && Terms[0].Length == 0 ? "(default)" : string.Join('\\', Terms);
}
