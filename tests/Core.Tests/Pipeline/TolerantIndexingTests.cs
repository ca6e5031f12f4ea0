using CloudRisPacs.Core.Studies;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// An instance the edge acknowledged is indexed even when an attribute the index keeps cannot be read as its VR says:
/// the attribute is left out and named, never retried until the instance is dead-lettered.
/// </summary>
public sealed class TolerantIndexingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string> NonTextPatientNames => ["OB", "SQ"];

    [Theory]
    [MemberData(nameof(NonTextPatientNames))]
    public async Task A_patient_name_with_a_non_text_VR_is_left_out_and_the_instance_indexed(string vr)
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        var file = Rewrite(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC60")), DicomTransferSyntax.ExplicitVRLittleEndian, ds =>
        {
            ds.Remove(DicomTag.PatientName);
            if (vr == "SQ")
            {
                ds.SetSequence(DicomTag.PatientName, new DicomDataset().SetString(DicomTag.CodeValue, "X"));
            }
            else
            {
                ds.Set(new DicomElement(DicomTag.PatientName, DicomVR.OB, "MUSTERMANN^MAX"u8.ToArray()));
            }
        });

        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(file)));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(1, status.Study.InstanceCount);
        Assert.Equal("PAT1001", status.Study.PatientId);
        Assert.Equal(["ACC60"], status.Study.AccessionNumbers);
        var header = IndexedHeader.From(DicomFileReader.Read(file).Dataset);
        Assert.Null(header.PatientName);
        Assert.Contains(header.Warnings, w => w.Contains(DicomTag.PatientName.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_attributes_sequence_left_as_UN_in_explicit_VR_big_endian_gives_its_accessions()
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        var study = TestDicom.NewUid();
        var file = Rewrite(TestDicom.Create(new TestDicom.Instance(study, "PAT1001", "MUSTERMANN^MAX", "ACC61", RequestedAccessions: ["ACC61", "ACC62"])),
            DicomTransferSyntax.ExplicitVRBigEndian, ds =>
            {
                // PS3.5 6.2.2: a sequence stored as UN keeps its items in implicit VR little endian, whatever the syntax.
                var items = DicomDatasetWriter.Encode(new DicomDataset { ds.GetSequence(DicomTag.RequestAttributesSequence)! }, DicomTransferSyntax.ImplicitVRLittleEndian);
                ds.Set(new DicomElement(DicomTag.RequestAttributesSequence, DicomVR.UN, items.AsMemory(8, items.Length - 16)));
            });

        await h.CompleteAsync(h.InstanceStored(await h.StoreInstanceAsync(file)));

        var status = await h.Pipeline.Api.GetStudyAsync(Staff(h.Tenant), study, default);
        Assert.Equal(1, status.Study.InstanceCount);
        Assert.Equal(["ACC61", "ACC62"], status.Study.AccessionNumbers);
    }

    private static byte[] Rewrite(byte[] file, DicomTransferSyntax syntax, Action<DicomDataset> change)
    {
        var dataset = DicomFileReader.Read(file).Dataset;
        change(dataset);
        using var output = new MemoryStream();
        DicomFileWriter.Write(output, new DicomFile(dataset), syntax);
        return output.ToArray();
    }
}
