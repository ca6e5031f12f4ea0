using System.Globalization;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>
/// Writes a synthetic MR series: one study and series, <c>count</c> instances with a gradient image, uncompressed or
/// RLE Lossless (a real RLE encoding, PS3.5 annex G, so any decoder can read it).
/// </summary>
public static class SeriesGenerator
{
    public static IReadOnlyList<string> Write(string directory, int count, DicomTransferSyntax syntax, int rows = 64, int columns = 64, int extraBytes = 0)
    {
        var study = DicomUid.Generate().Value;
        var series = DicomUid.Generate().Value;
        var paths = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var dataset = new DicomDataset()
                .SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100")
                .SetString(DicomTag.SOPClassUID, DicomUid.MRImageStorage.Value)
                .SetString(DicomTag.SOPInstanceUID, DicomUid.Generate().Value)
                .SetString(DicomTag.StudyInstanceUID, study)
                .SetString(DicomTag.SeriesInstanceUID, series)
                .SetString(DicomTag.Modality, "MR")
                .SetPersonName(DicomTag.PatientName, new DicomPersonName("Müller", "Jörg"))
                .SetString(DicomTag.PatientID, "SERIES-1")
                .SetString(DicomTag.AccessionNumber, "ACC-500")
                .SetNumber(DicomTag.InstanceNumber, i)
                .SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2")
                .SetNumber(DicomTag.SamplesPerPixel, (ushort)1)
                .SetNumber(DicomTag.Rows, (ushort)rows)
                .SetNumber(DicomTag.Columns, (ushort)columns)
                .SetNumber(DicomTag.BitsAllocated, (ushort)16)
                .SetNumber(DicomTag.BitsStored, (ushort)12)
                .SetNumber(DicomTag.HighBit, (ushort)11)
                .SetNumber(DicomTag.PixelRepresentation, (ushort)0);
            dataset.SetSequence(DicomTag.ReferencedStudySequence, new DicomDataset()
                .SetString(DicomTag.ReferencedSOPClassUID, "1.2.840.10008.3.1.2.3.1")
                .SetString(DicomTag.ReferencedSOPInstanceUID, study));
            if (extraBytes > 0)
            {
                dataset.SetBytes(new DicomTag(0x0029, 0x0010), DicomVR.LO, "CLOUDRISPACS TEST"u8.ToArray());
                dataset.SetBytes(new DicomTag(0x0029, 0x1001), DicomVR.OB, Pattern(extraBytes, i));
            }

            var pixels = Gradient(rows, columns, i);
            if (syntax.IsEncapsulated)
            {
                dataset.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [Rle.Encode16(pixels, rows * columns)]));
            }
            else
            {
                dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
            }

            var path = Path.Combine(directory, $"{i.ToString("D4", CultureInfo.InvariantCulture)}.dcm");
            DicomFileWriter.Write(path, new DicomFile(dataset), syntax);
            paths.Add(path);
        }

        return paths;
    }

    private static byte[] Gradient(int rows, int columns, int seed)
    {
        var bytes = new byte[rows * columns * 2];
        for (var p = 0; p < rows * columns; p++)
        {
            var value = (ushort)(((p % columns) * 16 + (p / columns) * 8 + seed) & 0x0FFF);
            bytes[p * 2] = (byte)value;
            bytes[(p * 2) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>RLE Lossless (PS3.5 annex G) for 16-bit monochrome: two segments (high bytes, low bytes), PackBits literal and replicate runs.</summary>
    private static class Rle
    {
        public static byte[] Encode16(byte[] littleEndianPixels, int pixelCount)
        {
            var high = new byte[pixelCount];
            var low = new byte[pixelCount];
            for (var p = 0; p < pixelCount; p++)
            {
                low[p] = littleEndianPixels[p * 2];
                high[p] = littleEndianPixels[(p * 2) + 1];
            }

            var segments = new[] { PackBits(high), PackBits(low) };
            var output = new List<byte>(64 + segments.Sum(s => s.Count));
            var header = new byte[64];
            BitConverter.TryWriteBytes(header.AsSpan(0), 2);
            var offset = 64;
            for (var s = 0; s < segments.Length; s++)
            {
                BitConverter.TryWriteBytes(header.AsSpan(4 + (s * 4)), offset);
                offset += segments[s].Count;
            }

            output.AddRange(header);
            foreach (var segment in segments)
            {
                output.AddRange(segment);
            }

            if (output.Count % 2 == 1)
            {
                output.Add(0);
            }

            return [.. output];
        }

        private static List<byte> PackBits(byte[] data)
        {
            var output = new List<byte>();
            var i = 0;
            while (i < data.Length)
            {
                var run = 1;
                while (i + run < data.Length && run < 128 && data[i + run] == data[i])
                {
                    run++;
                }

                if (run >= 2)
                {
                    output.Add((byte)(257 - run));
                    output.Add(data[i]);
                    i += run;
                    continue;
                }

                var start = i;
                var literal = 0;
                while (i < data.Length && literal < 128 && (i + 1 >= data.Length || data[i + 1] != data[i]))
                {
                    i++;
                    literal++;
                }

                if (literal == 0)
                {
                    // The next two bytes repeat; the loop above takes them as a run.
                    continue;
                }

                output.Add((byte)(literal - 1));
                output.AddRange(data.AsSpan(start, literal).ToArray());
            }

            return output;
        }
    }
}
