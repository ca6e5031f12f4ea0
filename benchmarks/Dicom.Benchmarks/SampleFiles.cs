using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Benchmarks;

/// <summary>The files measured: pydicom's CT and MR samples, and a ~500 KB CT instance made from the CT sample.</summary>
public static class SampleFiles
{
    public const string PydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    public static string CtSmall => Path.Combine(PydicomTestFiles, "CT_small.dcm");

    public static string MrSmall => Path.Combine(PydicomTestFiles, "MR_small.dcm");

    /// <summary>
    /// CT_small.dcm with a 512 x 512 x 16-bit image (512 KiB of pixel data, about 525 KB in all), written once to the
    /// temporary folder with our writer in explicit VR little endian.
    /// </summary>
    public static string Large
    {
        get
        {
            var path = Path.Combine(Path.GetTempPath(), "cloudrispacs-bench-ct-512.dcm");
            if (!File.Exists(path))
            {
                var source = DicomFileReader.Read(CtSmall);
                var dataset = source.Dataset.Clone();
                dataset.SetNumber(DicomTag.Rows, (ushort)512).SetNumber(DicomTag.Columns, (ushort)512);
                var pixels = new byte[512 * 512 * 2];
                new Random(512).NextBytes(pixels);
                dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
                var temporary = path + "." + Environment.ProcessId;
                DicomFileWriter.Write(temporary, new DicomFile(dataset, source.FileMetaInformation), DicomTransferSyntax.ExplicitVRLittleEndian);
                File.Move(temporary, path, overwrite: true);
            }

            return path;
        }
    }
}
