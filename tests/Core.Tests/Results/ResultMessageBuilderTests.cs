using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Results;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Dicom;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Validation;

namespace CloudRisPacs.Core.Tests.Results;

public sealed class ResultMessageBuilderTests
{
    private static readonly PatientRecord Patient = new()
    {
        Identity = new PatientIdentity("PAT1", "HOSP"),
        Demographics = new PatientDemographics("DOE^JANE^^DR^JR", "19700101", "F"),
    };

    internal static readonly OrderRecord Order = new()
    {
        OrderKey = "k", AccessionNumber = "ACC1", StudyInstanceUid = "1.2.3", Status = "SCHEDULED", Version = "v",
        PlacerOrderNumber = "PLC1", FillerOrderNumber = "FIL1", RequestedProcedureId = "RP1", Description = "CT Chest", Modality = "CT",
    };

    [Fact]
    public void OBX_3_is_the_concept_name_code_of_the_SR_item_and_OBX_4_tells_repeated_codes_apart()
    {
        var sr = Container("18748-4", "LN", "Diagnostic Imaging Report",
            Container("121060", "DCM", "History", Text("121060", "DCM", "History", "Cough")),
            Container("121070", "DCM", "Findings", Text("121071", "DCM", "Finding", "Lungs clear"), Text("121071", "DCM", "Finding", "No effusion")),
            Container("121072", "DCM", "Impressions", Text("121073", "DCM", "Impression", "Normal")));

        var oru = Report(SrTextExtractor.Extract(sr));

        Assert.Equal(
            ["121060^History^DCM 1 Cough", "121071^Finding^DCM 1 Lungs clear", "121071^Finding^DCM 2 No effusion", "121073^Impression^DCM 1 Normal"],
            Observations(oru));
        Assert.True(Hl7Validator.Validate(oru).IsValid, Hl7Validator.Validate(oru).ToString());
    }

    [Fact]
    public void A_line_without_a_coded_concept_name_gets_the_local_text_code_with_its_heading()
    {
        var sr = Container("18748-4", "LN", "Diagnostic Imaging Report", Text(null, null, null, "Free text"), Text(null, null, "Comment", "Smoker"));

        var submitted = Report([new ReportLine(null, "Line one."), new ReportLine(null, "Line two.")]);
        var extracted = Report(SrTextExtractor.Extract(sr));

        Assert.Equal(["GDT^Report Text^L 1 Line one.", "GDT^Report Text^L 2 Line two."], Observations(submitted));
        Assert.Equal(["18748-4^Diagnostic Imaging Report^LN 1 Free text", "GDT^Comment^L 1 Smoker"], Observations(extracted));
    }

    [Fact]
    public void Results_and_status_echo_the_order_as_received_and_an_order_stored_before_keeps_the_requested_procedure()
    {
        var received = Order with
        {
            PlacerOrder = new("PLC1", "RIS"),
            FillerOrder = new("FIL1", "PACS", "1.2.3", "ISO"),
            UniversalServiceId = new("CTCHEST", "CT Chest", "L"),
        };

        var echoed = Completion(order: received);
        var before = Completion();

        Assert.Equal(("PLC1^RIS", "FIL1^PACS^1.2.3^ISO", "PLC1^RIS", "FIL1^PACS^1.2.3^ISO", "CTCHEST^CT Chest^L"), OrderFields(echoed));
        Assert.Equal(("PLC1", "FIL1", "PLC1", "FIL1", "RP1^CT Chest"), OrderFields(before));
        Assert.Equal("DOE^JANE^^JR^DR", echoed.GetSegments("PID").Single().GetField(5).Raw.ToString());
        Assert.True(Hl7Validator.Validate(echoed).IsValid, Hl7Validator.Validate(echoed).ToString());
    }

    private static (string, string, string, string, string) OrderFields(Hl7Message message)
    {
        var orc = message.GetSegments("ORC").Single();
        var obr = message.GetSegments("OBR").Single();
        return (orc.GetField(2).Raw.ToString(), orc.GetField(3).Raw.ToString(), obr.GetField(2).Raw.ToString(), obr.GetField(3).Raw.ToString(),
            obr.GetField(4).Raw.ToString());
    }

    internal static Hl7Message Report(IReadOnlyList<ReportLine> lines, TenantSettings? settings = null, OrderRecord? order = null, DateTimeOffset? at = null) =>
        ResultMessageBuilder.BuildReport(Policy(settings), new PipelineOptions(), Patient, order ?? Order, "1.2.3", lines, "DOC^ANNA", "F", "RPT1",
            at ?? new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.Zero));

    internal static Hl7Message Completion(TenantSettings? settings = null, OrderRecord? order = null, DateTimeOffset? at = null) =>
        ResultMessageBuilder.BuildCompletion(Policy(settings), new PipelineOptions(), Patient, order ?? Order, "1.2.3", "CMP1",
            at ?? new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.Zero));

    private static TenantPolicy Policy(TenantSettings? settings) =>
        TenantPolicy.Resolve(TenantId.Parse("clinic-a"), new PipelineOptions(), settings ?? new TenantSettings());

    private static List<string> Observations(Hl7Message message) =>
        Assert.Single(new OruR01Message(message).Results).Observations
            .Select(o => $"{o.Obx.Segment.GetField(3).Raw} {o.Obx.ObservationSubId} {o.Obx.TextValue}").ToList();

    private static DicomDataset Container(string code, string scheme, string meaning, params DicomDataset[] children)
    {
        var container = Named(new DicomDataset().SetString(DicomTag.ValueType, "CONTAINER"), code, scheme, meaning);
        container.SetSequence(DicomTag.ContentSequence, children);
        return container;
    }

    private static DicomDataset Text(string? code, string? scheme, string? meaning, string text) =>
        Named(new DicomDataset().SetString(DicomTag.ValueType, "TEXT").SetString(DicomTag.TextValue, text), code, scheme, meaning);

    private static DicomDataset Named(DicomDataset item, string? code, string? scheme, string? meaning)
    {
        if (meaning is not null)
        {
            var name = new DicomDataset().SetString(DicomTag.CodeMeaning, meaning);
            if (code is not null && scheme is not null)
            {
                name.SetString(DicomTag.CodeValue, code).SetString(DicomTag.CodingSchemeDesignator, scheme);
            }

            item.SetSequence(DicomTag.ConceptNameCodeSequence, name);
        }

        return item;
    }
}
