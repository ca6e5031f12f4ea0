using System.Globalization;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>The data the comparison uses, generated once with our writer.</summary>
internal static class Workload
{
    /// <summary>Uncompressed MR instances with a 512 KiB (or other) image.</summary>
    public static void WriteInstances(string directory, int count, int pixelKib)
    {
        Directory.CreateDirectory(directory);
        var side = (int)Math.Sqrt(pixelKib * 512);
        var pixels = new byte[side * side * 2];
        new Random(5).NextBytes(pixels);
        var study = DicomUid.Generate().Value;
        var series = DicomUid.Generate().Value;
        for (var i = 0; i < count; i++)
        {
            var dataset = new DicomDataset()
                .SetString(DicomTag.SOPClassUID, DicomUid.MRImageStorage.Value)
                .SetString(DicomTag.SOPInstanceUID, DicomUid.Generate().Value)
                .SetString(DicomTag.StudyInstanceUID, study)
                .SetString(DicomTag.SeriesInstanceUID, series)
                .SetString(DicomTag.Modality, "MR")
                .SetString(DicomTag.PatientName, "BENCH^MARK")
                .SetString(DicomTag.PatientID, "BENCH")
                .SetNumber(DicomTag.InstanceNumber, i + 1)
                .SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2")
                .SetNumber(DicomTag.SamplesPerPixel, (ushort)1)
                .SetNumber(DicomTag.Rows, (ushort)side)
                .SetNumber(DicomTag.Columns, (ushort)side)
                .SetNumber(DicomTag.BitsAllocated, (ushort)16)
                .SetNumber(DicomTag.BitsStored, (ushort)16)
                .SetNumber(DicomTag.HighBit, (ushort)15)
                .SetNumber(DicomTag.PixelRepresentation, (ushort)0)
                .SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
            DicomFileWriter.Write(Path.Combine(directory, $"{i:D5}.dcm"), new DicomFile(dataset), DicomTransferSyntax.ExplicitVRLittleEndian);
        }
    }

    /// <summary>Worklist items: 20 stations, 3 modalities, 30 days, one scheduled step each.</summary>
    public static List<DicomDataset> WorklistItems(int count)
    {
        var modalities = new[] { "CT", "MR", "US" };
        var items = new List<DicomDataset>(count);
        for (var i = 0; i < count; i++)
        {
            var item = new DicomDataset()
                .SetString(DicomTag.SpecificCharacterSet, "ISO_IR 100")
                .SetString(DicomTag.AccessionNumber, $"ACC{i:D6}")
                .SetString(DicomTag.PatientName, $"PATIENT{i % 997:D3}^GIVEN{i % 13}")
                .SetString(DicomTag.PatientID, $"PID{i:D6}")
                .SetString(DicomTag.PatientBirthDate, "19700101")
                .SetString(DicomTag.PatientSex, i % 2 == 0 ? "F" : "M")
                .SetString(DicomTag.StudyInstanceUID, $"1.2.826.0.1.3680043.2.1143.{i + 1}")
                .SetString(DicomTag.RequestedProcedureID, $"RP{i:D6}")
                .SetString(DicomTag.RequestedProcedureDescription, "EXAMINATION");
            var day = new DateOnly(2024, 3, 1).AddDays(i % 30);
            item.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset()
                .SetString(DicomTag.Modality, modalities[i % 3])
                .SetString(DicomTag.ScheduledStationAETitle, $"STATION{i % 20:D2}")
                .SetString(DicomTag.ScheduledProcedureStepStartDate, day.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
                .SetString(DicomTag.ScheduledProcedureStepStartTime, $"{8 + (i % 10):D2}{i % 60:D2}00")
                .SetString(DicomTag.ScheduledProcedureStepID, $"SPS{i:D6}")
                .SetString(DicomTag.ScheduledProcedureStepDescription, "STEP"));
            items.Add(item);
        }

        return items;
    }

    /// <summary>Worklist items as wlmscpfs reads them: one file each, plus its lockfile.</summary>
    public static void WriteWorklistFiles(string directory, IEnumerable<DicomDataset> items)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "lockfile"), string.Empty);
        var index = 0;
        foreach (var item in items)
        {
            // DCMTK's own worklist files carry its private "worklist" SOP class in the meta information.
            var meta = new DicomDataset()
                .SetString(DicomTag.MediaStorageSOPClassUID, "1.2.276.0.7230010.3.1.0.1")
                .SetString(DicomTag.MediaStorageSOPInstanceUID, DicomUid.Generate().Value);
            DicomFileWriter.Write(Path.Combine(directory, $"item{index++:D5}.wl"), new DicomFile(item, meta), DicomTransferSyntax.ExplicitVRLittleEndian);
        }
    }
}
