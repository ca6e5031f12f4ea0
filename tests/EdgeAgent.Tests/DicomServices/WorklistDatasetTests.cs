using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;
using Microsoft.Extensions.Logging;

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
    public void A_description_or_name_too_long_for_its_VR_is_shortened_on_a_character_boundary_with_a_warning()
    {
        var logs = new CapturedLogs();
        var description = "CT Thorax/Abdomen/Becken mit Kontrastmittel, Spätphase und Rekonstruktion 1 mm 😀 axial";
        var dataset = WorklistDataset.From(new WorklistItem
        {
            ItemKey = "k-long", Version = 1, PatientName = new string('A', 60) + "^" + new string('B', 10) + "=山田^太郎", PatientId = "P1",
            AccessionNumber = "ACC-1", RequestedProcedureDescription = description, ScheduledProcedureStepDescription = new string('x', 63) + "😀z",
            ScheduledStationName = @"Room 1\CT", Modality = "CT", ScheduledProcedureStepId = "S1", StudyInstanceUid = "1.2.3", ScheduledStartDate = "20240321",
            RequestedProcedureCodes = [new DicomCode("71250", "CPT4", new string('m', 70))],
        }, logs.CreateLogger("worklist"));

        Assert.Equal(description[..64].TrimEnd(), dataset.GetString(DicomTag.RequestedProcedureDescription));
        Assert.Equal(new string('A', 60) + "^BBB=山田^太郎", dataset.GetString(DicomTag.PatientName));
        var step = dataset.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!;
        Assert.Equal(new string('x', 63), step.GetString(DicomTag.ScheduledProcedureStepDescription));
        Assert.Equal("Room 1/CT", step.GetString(DicomTag.ScheduledStationName));
        Assert.Equal(new string('m', 64), dataset.GetFirstItem(DicomTag.RequestedProcedureCodeSequence)!.GetString(DicomTag.CodeMeaning));
        Assert.Equal("ACC-1", dataset.GetString(DicomTag.AccessionNumber));
        foreach (var attribute in new[] { "RequestedProcedureDescription", "PatientName", "ScheduledProcedureStepDescription", "ScheduledStationName", "CodeMeaning" })
        {
            Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("k-long", StringComparison.Ordinal) && l.Message.Contains(attribute, StringComparison.Ordinal));
        }

        // The warning names the item and the lengths, never the value: a patient's name does not belong in the journal.
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("AAAAAAAAAA", StringComparison.Ordinal) || l.Message.Contains("山田", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Message.Contains("PatientName", StringComparison.Ordinal) && l.Message.Contains("(77 characters) shortened to 70 characters", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public void An_identifier_its_VR_cannot_hold_is_logged_as_an_error_naming_the_item_and_the_attribute()
    {
        var logs = new CapturedLogs();
        var dataset = WorklistDataset.From(new WorklistItem
        {
            ItemKey = "k-acc", Version = 1, PatientName = "Doe^Jane", PatientId = "P1", AccessionNumber = "ACC-2024-00012345",
            StudyInstanceUid = "not a uid", ScheduledProcedureStepId = "S1", Modality = "MR", ScheduledStartDate = "2024-03-21",
        }, logs.CreateLogger("worklist"));

        Assert.Equal(string.Empty, dataset.GetString(DicomTag.AccessionNumber) ?? string.Empty);
        Assert.Equal("MR", dataset.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!.GetString(DicomTag.Modality));
        foreach (var attribute in new[] { "AccessionNumber", "StudyInstanceUID", "ScheduledProcedureStepStartDate" })
        {
            Assert.Contains(logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("k-acc", StringComparison.Ordinal)
                && l.Message.Contains($"WITHOUT {attribute}", StringComparison.Ordinal));
        }
    }
}
