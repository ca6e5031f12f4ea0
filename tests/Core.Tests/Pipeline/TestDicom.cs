using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>DICOM instances as a modality writes them, made with the DICOM library (with pixel data, so header-only reads show).</summary>
public static class TestDicom
{
    public sealed record Instance(
        string StudyUid,
        string PatientId,
        string PatientName,
        string? Accession,
        string Modality = "CT",
        string? SeriesUid = null,
        string? SopUid = null,
        IReadOnlyList<string>? RequestedAccessions = null,
        string? Issuer = "HOSP",
        int PixelBytes = 128 * 1024);

    public static string NewUid() => DicomUid.Generate().Value;

    public static byte[] Create(Instance instance)
    {
        var ds = new DicomDataset()
            .SetString(DicomTag.SpecificCharacterSet, "ISO_IR 192")
            .SetUid(DicomTag.SOPClassUID, DicomUid.CTImageStorage)
            .SetString(DicomTag.SOPInstanceUID, instance.SopUid ?? NewUid())
            .SetString(DicomTag.StudyDate, "20240315")
            .SetString(DicomTag.StudyTime, "091500")
            .SetString(DicomTag.Modality, instance.Modality)
            .SetString(DicomTag.StudyDescription, "CT Chest")
            .SetString(DicomTag.PatientName, instance.PatientName)
            .SetString(DicomTag.PatientID, instance.PatientId)
            .SetString(DicomTag.PatientBirthDate, "19700101")
            .SetString(DicomTag.PatientSex, "M")
            .SetString(DicomTag.StudyInstanceUID, instance.StudyUid)
            .SetString(DicomTag.SeriesInstanceUID, instance.SeriesUid ?? NewUid())
            .SetString(DicomTag.SeriesNumber, "1")
            .SetString(DicomTag.InstanceNumber, "1")
            .SetNumber(DicomTag.Rows, (ushort)256)
            .SetNumber(DicomTag.Columns, (ushort)256)
            .SetNumber(DicomTag.BitsAllocated, (ushort)16)
            .SetNumber(DicomTag.BitsStored, (ushort)12)
            .SetNumber(DicomTag.HighBit, (ushort)11)
            .SetNumber(DicomTag.PixelRepresentation, (ushort)0)
            .SetNumber(DicomTag.SamplesPerPixel, (ushort)1)
            .SetString(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        if (instance.Issuer is not null)
        {
            ds.SetString(DicomTag.IssuerOfPatientID, instance.Issuer);
        }

        if (instance.Accession is not null)
        {
            ds.SetString(DicomTag.AccessionNumber, instance.Accession);
        }
        else
        {
            ds.SetEmpty(DicomTag.AccessionNumber);
        }

        if (instance.RequestedAccessions is { Count: > 0 } requested)
        {
            ds.SetSequence(DicomTag.RequestAttributesSequence, requested.Select(a => new DicomDataset()
                .SetString(DicomTag.AccessionNumber, a)
                .SetString(DicomTag.RequestedProcedureID, "RP-" + a)).ToArray());
        }

        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[instance.PixelBytes]);
        using var output = new MemoryStream();
        DicomFileWriter.Write(output, new DicomFile(ds), DicomTransferSyntax.ExplicitVRLittleEndian);
        return output.ToArray();
    }
}
