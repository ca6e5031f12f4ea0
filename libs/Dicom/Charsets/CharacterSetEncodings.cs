using System.Collections.Concurrent;
using System.Text;

namespace CloudRisPacs.Dicom.Charsets;

/// <summary>.NET encodings by code page, with the code-pages provider registered once.</summary>
internal static class CharacterSetEncodings
{
    public const int Latin1 = 28591;
    public const int Utf8 = 65001;
    public const int EucJp = 20932;
    public const int EucKr = 51949;
    public const int Gbk = 936;
    public const int Gb18030 = 54936;
    public const int Thai = 874;

    private static readonly ConcurrentDictionary<int, Encoding> Cache = new();

    static CharacterSetEncodings()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>An encoding that throws on unencodable characters and replaces undecodable bytes with U+FFFD.</summary>
    public static Encoding Get(int codePage) =>
        Cache.GetOrAdd(codePage, static page => Encoding.GetEncoding(page, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback));
}
