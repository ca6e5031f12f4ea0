using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Json;

/// <summary>
/// Writes the DICOM JSON Model (PS3.18 Annex F): an object keyed by <c>GGGGEEEE</c> with the VR and a Value array
/// (strings, numbers, person name objects, items), InlineBinary or BulkDataURI. Text is decoded with the data set's
/// character set; empty values are left out ("vr" only) and empty values among several are null.
/// </summary>
public static class DicomJsonWriter
{
    public static string Serialize(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = options?.WriteIndented ?? false }))
        {
            Write(writer, dataset, options);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one data set as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= DicomJsonOptions.Default;
        writer.WriteStartObject();
        foreach (var entry in dataset)
        {
            if (entry.Tag.IsGroupLength && !options.IncludeGroupLengths)
            {
                continue;
            }

            writer.WritePropertyName(entry.Tag.ToString("X", CultureInfo.InvariantCulture));
            WriteAttribute(writer, dataset, entry, options);
        }

        writer.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter writer, DicomDataset dataset, DicomEntry entry, DicomJsonOptions options)
    {
        writer.WriteStartObject();
        switch (entry)
        {
            case DicomSequence sequence:
                writer.WriteString("vr", "SQ");
                if (sequence.Items.Count > 0)
                {
                    writer.WriteStartArray("Value");
                    foreach (var item in sequence.Items)
                    {
                        Write(writer, item, options);
                    }

                    writer.WriteEndArray();
                }

                break;
            case DicomFragmentSequence fragments:
                writer.WriteString("vr", fragments.VR.Code);
                WriteBinary(writer, entry, EncapsulatedBytes(fragments), options);
                break;
            case DicomElement element:
                WriteElement(writer, dataset, element, options);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, DicomJsonOptions options)
    {
        // A number value that is no whole number of values (a US of 3 bytes) has no numbers; its bytes are kept, as UN.
        var vr = element.ValueVR is { Kind: DicomVRKind.Number } numberVR && element.Length % numberVR.UnitSize != 0 ? DicomVR.UN : element.ValueVR;
        writer.WriteString("vr", vr.Code);
        if (element.Length == 0)
        {
            return;
        }

        if (vr.Kind == DicomVRKind.Bulk)
        {
            WriteBinary(writer, element, element.Value, options);
            return;
        }

        if (vr == DicomVR.AT)
        {
            WriteValues(writer, element.GetTags(), (w, tag) => w.WriteStringValue(tag.ToString("X", CultureInfo.InvariantCulture)));
            return;
        }

        if (vr.Kind == DicomVRKind.Number)
        {
            WriteBinaryNumbers(writer, element, vr);
            return;
        }

        var values = element.GetStrings(dataset.CharacterSet);
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("Value");
        foreach (var value in values)
        {
            if (value.Length == 0)
            {
                writer.WriteNullValue();
            }
            else if (vr == DicomVR.PN)
            {
                WritePersonName(writer, value);
            }
            else if (vr == DicomVR.IS && DicomNumberText.TryParseInteger(value, out var integer))
            {
                writer.WriteNumberValue(integer);
            }
            else if (vr == DicomVR.DS && DicomNumberText.TryParseDecimal(value, out double number))
            {
                WriteDecimalString(writer, value, number);
            }
            else
            {
                // Text, and IS/DS values that are not numbers (kept as the text rather than lost).
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteDecimalString(Utf8JsonWriter writer, string text, double number)
    {
        // Keep the value as written when it is a JSON number literal (no precision lost); otherwise its double.
        var trimmed = text.Trim();
        if (IsJsonNumber(trimmed))
        {
            writer.WriteRawValue(trimmed, skipInputValidation: true);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }

    private static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == digits || (text[digits] == '0' && i - digits > 1))
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static void WriteBinaryNumbers(Utf8JsonWriter writer, DicomElement element, DicomVR vr)
    {
        switch (vr.Code)
        {
            case "FL" or "FD":
                WriteValues(writer, element.GetNumbers<double>(), (w, d) =>
                {
                    if (double.IsFinite(d))
                    {
                        w.WriteNumberValue(vr == DicomVR.FL ? (double)(float)d : d);
                    }
                    else
                    {
                        // JSON has no NaN or infinity.
                        w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                    }
                });
                break;
            case "UV":
                WriteValues(writer, element.GetNumbers<ulong>(), (w, n) => w.WriteNumberValue(n));
                break;
            default:
                WriteValues(writer, element.GetNumbers<long>(), (w, n) => w.WriteNumberValue(n));
                break;
        }
    }

    private static void WriteValues<T>(Utf8JsonWriter writer, IReadOnlyList<T> values, Action<Utf8JsonWriter, T> write)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("Value");
        foreach (var value in values)
        {
            write(writer, value);
        }

        writer.WriteEndArray();
    }

    /// <summary>A PN value as an object of its non-empty component groups, each as written (PS3.18 F.2.2).</summary>
    private static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        var groups = value.Split('=');
        writer.WriteStartObject();
        string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
        for (var i = 0; i < Math.Min(groups.Length, names.Length); i++)
        {
            if (groups[i].Length > 0)
            {
                writer.WriteString(names[i], groups[i]);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteBinary(Utf8JsonWriter writer, DicomEntry entry, ReadOnlyMemory<byte> bytes, DicomJsonOptions options)
    {
        if (options.BulkDataUri?.Invoke(entry) is { } uri)
        {
            writer.WriteString("BulkDataURI", uri);
        }
        else if (bytes.Length <= options.MaxInlineBinaryLength)
        {
            writer.WriteBase64String("InlineBinary", bytes.Span);
        }
    }

    /// <summary>Encapsulated pixel data as its encoded items (offset table, fragments), without the closing delimiter.</summary>
    private static byte[] EncapsulatedBytes(DicomFragmentSequence fragments)
    {
        // Any encapsulated explicit VR little endian syntax encodes the fragments the same way. The element header
        // (12 bytes) and the closing sequence delimiter (8 bytes) are not part of the value.
        var encoded = DicomDatasetWriter.Encode(new DicomDataset { fragments }, DicomTransferSyntax.JPEGBaseline8Bit);

        return encoded[12..^8];
    }
}
