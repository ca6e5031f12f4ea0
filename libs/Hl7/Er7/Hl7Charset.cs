using System.Text;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// A character set named in MSH-18 (HL7 table 0211) and the .NET encoding behind it. ASCII, the ISO 8859 parts and
/// UNICODE UTF-8 are supported, also under their common non-table spellings (<see cref="IsAlias"/>); anything else is a
/// clear parse error rather than a guess.
/// </summary>
public sealed class Hl7Charset
{
    private static readonly Lazy<bool> CodePagesRegistered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    private static readonly Dictionary<string, int> IsoParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["8859/2"] = 28592,
        ["8859/3"] = 28593,
        ["8859/4"] = 28594,
        ["8859/5"] = 28595,
        ["8859/6"] = 28596,
        ["8859/7"] = 28597,
        ["8859/8"] = 28598,
        ["8859/9"] = 28599,
        ["8859/15"] = 28605,
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Hl7Charset> IsoCharsets = new();

    private Hl7Charset(string name, Encoding encoding, bool tolerantDecoding)
    {
        Name = name;
        Encoding = encoding;
        TolerantDecoding = tolerantDecoding;
    }

    /// <summary>MSH-18 empty: the standard says ASCII. Reading accepts UTF-8, then falls back to ISO 8859-1.</summary>
    public static Hl7Charset Default { get; } = new(string.Empty, StrictAscii(), tolerantDecoding: true);

    /// <summary>MSH-18 <c>ASCII</c>; read like <see cref="Default"/>, written strictly as 7-bit ASCII.</summary>
    public static Hl7Charset Ascii { get; } = new("ASCII", StrictAscii(), tolerantDecoding: true);

    /// <summary>MSH-18 <c>8859/1</c> (Latin-1).</summary>
    public static Hl7Charset Latin1 { get; } = new("8859/1", Encoding.Latin1, tolerantDecoding: false);

    /// <summary>MSH-18 <c>UNICODE UTF-8</c>.</summary>
    public static Hl7Charset Utf8 { get; } = new("UNICODE UTF-8",
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), tolerantDecoding: false);

    /// <summary>The MSH-18 value (empty for the default).</summary>
    public string Name { get; }

    /// <summary>The encoding used to write (strict: unencodable characters throw).</summary>
    public Encoding Encoding { get; }

    private bool TolerantDecoding { get; }

    /// <summary>
    /// The charset an MSH-18 value names: a table 0211 value this library supports, or a well-known alias of one
    /// (<c>UTF-8</c>, <c>ISO-8859-1</c>, <c>LATIN1</c> ..., see <see cref="IsAlias"/>); null for any other name.
    /// </summary>
    public static Hl7Charset? Find(ReadOnlySpan<char> msh18)
    {
        var name = msh18.Trim();
        return FindStandard(name) ?? (Hl7CharsetAliases.StandardNameOf(name) is { } standard ? FindStandard(standard) : null);
    }

    /// <summary>
    /// True when MSH-18 names a supported charset by a spelling outside table 0211. Such a message is read in that
    /// charset, but the sender's configuration is wrong and worth telling its interface analyst.
    /// </summary>
    public static bool IsAlias(ReadOnlySpan<char> msh18)
    {
        var name = msh18.Trim();
        return FindStandard(name) is null && Hl7CharsetAliases.StandardNameOf(name) is not null;
    }

    /// <summary>The charset an MSH-18 value names; a parse error (table value not found) when unsupported.</summary>
    public static Hl7Charset Resolve(ReadOnlySpan<char> msh18)
    {
        return Find(msh18) ?? throw new Hl7ParseException(
            $"MSH-18 names the character set '{msh18.ToString()}', which is not supported. " +
            "Supported: empty or ASCII, 8859/1 to 8859/9, 8859/15, UNICODE UTF-8 (and aliases such as UTF-8, ISO-8859-1, LATIN1, US-ASCII).",
            Hl7ErrorCode.TableValueNotFound, new Hl7Location("MSH", 1, 18));
    }

    /// <summary>Decodes wire bytes; invalid bytes for a declared multi-byte charset are a parse error, never replaced.</summary>
    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (TolerantDecoding)
        {
            // Undeclared or "ASCII" senders often send UTF-8 or Latin-1 anyway; UTF-8 is checked first because
            // Latin-1 accepts every byte sequence and would mangle UTF-8 text silently.
            return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
        }

        try
        {
            return Encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new Hl7ParseException(
                $"The message bytes are not valid {Name} (as MSH-18 declares) at byte {ex.Index}.",
                Hl7ErrorCode.DataTypeError, new Hl7Location("MSH", 1, 18));
        }
    }

    /// <summary>Encodes text for the wire; a character the charset cannot hold is an error naming it.</summary>
    public byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return Encoding.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            var shown = ex.CharUnknown != '\0' ? ex.CharUnknown.ToString() : $"{ex.CharUnknownHigh}{ex.CharUnknownLow}";
            var declared = Name.Length == 0 ? "ASCII (MSH-18 empty)" : Name;
            throw new InvalidOperationException(
                $"The character '{shown}' cannot be written in the message's character set {declared}. " +
                "Set MSH-18 to UNICODE UTF-8 (or a fitting 8859 part) before writing.", ex);
        }
    }

    public override string ToString() => Name.Length == 0 ? "(default ASCII)" : Name;

    private static Hl7Charset? FindStandard(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return Default;
        }

        if (name.Equals("ASCII", StringComparison.OrdinalIgnoreCase))
        {
            return Ascii;
        }

        if (name.Equals("8859/1", StringComparison.OrdinalIgnoreCase))
        {
            return Latin1;
        }

        if (name.Equals("UNICODE UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            return Utf8;
        }

        var key = name.ToString();
        if (!IsoParts.TryGetValue(key, out var codePage))
        {
            return null;
        }

        return IsoCharsets.GetOrAdd(codePage, (page, label) =>
        {
            _ = CodePagesRegistered.Value;
            var encoding = Encoding.GetEncoding(page, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            return new Hl7Charset(label.ToUpperInvariant(), encoding, tolerantDecoding: false);
        }, key);
    }

    private static Encoding StrictAscii() =>
        Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
}
