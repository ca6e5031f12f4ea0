using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.DicomServices;

public sealed class WorklistDatasetTests
{
    [Fact]
    public async Task A_cached_item_becomes_a_modality_worklist_data_set_that_dcmdump_reads()
    {
        var item = new WorklistItem
        {
            ItemKey = "k1",
            Version = 3,
            PatientName = "Müller^Jürgen^^Dr.",
            PatientId = "P-77",
            IssuerOfPatientId = "CLINIC",
            PatientBirthDate = "19700102",
            PatientSex = "M",
            AccessionNumber = "ACC-9",
            RequestedProcedureId = "RP-9",
            RequestedProcedureDescription = "CT thorax",
            RequestedProcedureCodes = [new DicomCode("71250", "CPT4", "CT THORAX W/O CONTRAST")],
            StudyInstanceUid = "1.2.826.0.1.3680043.8.498.1",
            ReferringPhysicianName = "Welby^Marcus",
            Priority = "STAT",
            ScheduledProcedureStepId = "SPS-9",
            ScheduledProcedureStepDescription = "Thorax",
            Modality = "CT",
            ScheduledStationAeTitle = "CT_ROOM1",
            ScheduledStartDate = "20240321",
            ScheduledStartTime = "091500",
            PlacerOrderNumber = "PLC-9",
            FillerOrderNumber = "FIL-9",
        };

        var dataset = WorklistDataset.From(item);

        var step = dataset.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!;
        Assert.Equal("CT", step.GetString(DicomTag.Modality));
        Assert.Equal("CT_ROOM1", step.GetString(DicomTag.ScheduledStationAETitle));
        Assert.Equal("SCHEDULED", step.GetString(DicomTag.ScheduledProcedureStepStatus));
        Assert.Equal("Müller", dataset.GetPersonName(DicomTag.PatientName)!.Alphabetic!.FamilyName);

        var path = Path.Combine(Path.GetTempPath(), $"mwl-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(path, DicomDatasetWriter.Encode(dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
        try
        {
            var dump = (await ProcessRunner.RunAsync(PeerTools.Require("dcmdump"), ["+U8", path], TimeSpan.FromSeconds(30))).EnsureSuccess("dcmdump");
            Assert.DoesNotContain("E: ", dump.StandardError, StringComparison.Ordinal);
            foreach (var expected in new[]
                     {
                         "(0010,0010) PN [Müller^Jürgen^^Dr.]", "(0008,0050) SH [ACC-9]", "(0040,1003) SH [STAT]", "(0040,0002) DA [20240321]",
                         "(0040,0003) TM [091500]", "(0040,0009) SH [SPS-9]", "(0008,0100) SH [71250]", "(0020,000d) UI [1.2.826.0.1.3680043.8.498.1]",
                         "(0040,2016) LO [PLC-9]", "(0008,1110) SQ (Sequence with undefined length #=0)",
                     })
            {
                Assert.Contains(expected, dump.StandardOutput, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_value_its_VR_cannot_hold_is_left_empty_instead_of_failing_the_query()
    {
        var dataset = WorklistDataset.From(new WorklistItem
        {
            ItemKey = "k", Version = 1, PatientName = "Doe^Jane", PatientId = new string('9', 80), AccessionNumber = "A",
            StudyInstanceUid = "not a uid", ScheduledProcedureStepId = "S", Modality = "MR", ScheduledStartDate = "2024-03-21",
        });
        Assert.Equal(string.Empty, dataset.GetString(DicomTag.PatientID) ?? string.Empty);
        Assert.Equal(string.Empty, dataset.GetString(DicomTag.StudyInstanceUID) ?? string.Empty);
        Assert.Equal("MR", dataset.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!.GetString(DicomTag.Modality));
    }
}
