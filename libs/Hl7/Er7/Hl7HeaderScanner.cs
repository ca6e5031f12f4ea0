using System.Text;
using System.Text.Unicode;

namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// Reads the MSH line straight from wire bytes, before the message is decoded: MSH-18 to choose the decoder, and a
/// best-effort <see cref="Hl7HeaderInfo"/> so that even a message that fails to parse can be answered with a NAK.
/// Every delimiter is ASCII in all supported character sets, so the header can be split as bytes.
/// </summary>
public static class Hl7HeaderScanner
{
    private const int MaxHeaderBytes = 4096;

    /// <summary>The character set MSH-18 names (default when absent); unknown names are a parse error.</summary>
    public static Hl7Charset ReadCharset(ReadOnlySpan<byte> message)
    {
        var line = HeaderLine(message);
        if (line.Length < 8 || !line.StartsWith("MSH"u8))
        {
            return Hl7Charset.Default;
        }

        var field = line[3];
        var msh18 = Element(line, field, 17);
        var encoding = line[4..];
        // Only the first repetition and component name the message's default character set.
        foreach (var stop in encoding[..Math.Min(2, encoding.Length)])
        {
            if (stop != field)
            {
                var cut = msh18.IndexOf(stop);
                msh18 = cut < 0 ? msh18 : msh18[..cut];
            }
            else
            {
                break;
            }
        }

        return Hl7Charset.Resolve(Encoding.Latin1.GetString(msh18));
    }

    /// <summary>Whatever of MSH is readable; never throws on any input.</summary>
    public static Hl7HeaderInfo Salvage(ReadOnlySpan<byte> message)
    {
        var line = HeaderLine(message);
        if (line.Length < 4 || !line.StartsWith("MSH"u8) || line[3] is (byte)'\r' or (byte)'\n' || line[3] > 0x7E || line[3] < 0x21)
        {
            return new Hl7HeaderInfo();
        }

        var text = Utf8.IsValid(line) ? Encoding.UTF8.GetString(line) : Encoding.Latin1.GetString(line);
        Hl7Delimiters delimiters;
        try
        {
            delimiters = Hl7Delimiters.FromHeader(text);
        }
        catch (Hl7ParseException)
        {
            // Without usable delimiters nothing after MSH can be split reliably.
            return new Hl7HeaderInfo();
        }

        var elements = text.Split(text[3]);
        string Part(int mshField, int component = 1)
        {
            var index = mshField - 1;
            if (index >= elements.Length)
            {
                return string.Empty;
            }

            var value = elements[index];
            var repetitionEnd = value.IndexOf(delimiters.Repetition, StringComparison.Ordinal);
            value = repetitionEnd < 0 ? value : value[..repetitionEnd];
            var components = value.Split(delimiters.Component);
            var raw = component <= components.Length ? components[component - 1] : string.Empty;
            var firstSub = raw.Split(delimiters.Subcomponent)[0];
            return Hl7Escaping.Unescape(firstSub, delimiters);
        }

        return new Hl7HeaderInfo
        {
            HasHeader = true,
            Delimiters = delimiters,
            SendingApplication = RawHd(elements, 3, delimiters),
            SendingFacility = RawHd(elements, 4, delimiters),
            ReceivingApplication = RawHd(elements, 5, delimiters),
            ReceivingFacility = RawHd(elements, 6, delimiters),
            MessageCode = Part(9, 1),
            TriggerEvent = Part(9, 2),
            ControlId = Part(10),
            ProcessingId = Part(11),
            VersionId = Part(12),
            AcceptAcknowledgmentType = Part(15),
            ApplicationAcknowledgmentType = Part(16),
            CharacterSet = Part(18),
        };
    }

    // HD fields (applications, facilities) are copied raw, components included, so the ACK addresses them exactly.
    private static string RawHd(string[] elements, int mshField, Hl7Delimiters d)
    {
        var index = mshField - 1;
        if (index >= elements.Length)
        {
            return string.Empty;
        }

        var value = elements[index];
        var repetitionEnd = value.IndexOf(d.Repetition, StringComparison.Ordinal);
        return repetitionEnd < 0 ? value : value[..repetitionEnd];
    }

    private static ReadOnlySpan<byte> HeaderLine(ReadOnlySpan<byte> message)
    {
        var start = 0;
        if (message.StartsWith("\uFEFF"u8))
        {
            start = 3;
        }

        while (start < message.Length && message[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0B)
        {
            start++;
        }

        var line = message[start..];
        line = line[..Math.Min(line.Length, MaxHeaderBytes)];
        var end = line.IndexOfAny((byte)'\r', (byte)'\n');
        return end < 0 ? line : line[..end];
    }

    private static ReadOnlySpan<byte> Element(ReadOnlySpan<byte> line, byte separator, int index)
    {
        var start = 0;
        for (var i = 0; i < index; i++)
        {
            var next = line[start..].IndexOf(separator);
            if (next < 0)
            {
                return [];
            }

            start += next + 1;
        }

        var length = line[start..].IndexOf(separator);
        return length < 0 ? line[start..] : line.Slice(start, length);
    }
}
