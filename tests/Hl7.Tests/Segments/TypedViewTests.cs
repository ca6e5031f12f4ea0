using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Tests.Corpus;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Tests.Segments;

public sealed class TypedViewTests
{
    [Fact]
    public void Pid_reads_identifiers_names_birth_date_sex_addresses_and_phones()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("adt_a01.hl7"));
        var pid = new PidSegment(message.FindSegment("PID")!);
        Assert.Equal(3, pid.PatientIdentifiers.Count);
        Assert.Equal(new Hl7ExtendedId("123456", new Hl7HierarchicDesignator("STMARYS"), "MR"), pid.PatientIdentifiers[0]);
        Assert.Equal(new Hl7HierarchicDesignator("STMARYS", "1.2.840.114350.1", "ISO"), pid.PatientIdentifiers[2].AssigningAuthority);
        Assert.Equal("987654321", pid.FindIdentifier("NH")!.Id);
        Assert.Equal("A99887", pid.FindIdentifier("PI", "STMARYS")!.Id);
        Assert.Equal(new Hl7PersonName("Müller", "Jürgen", "Peter") { Suffix = "Jr", Prefix = "Dr" }, pid.PatientNames[0]);
        Assert.Equal("A", pid.PatientNames[1].NameTypeCode);
        Assert.Equal(new DateOnly(1965, 4, 12), pid.DateOfBirth!.Value.Date);
        Assert.Equal(Hl7DateTimePrecision.Day, pid.DateOfBirth.Value.Precision);
        Assert.Equal("M", pid.AdministrativeSex);
        Assert.Equal("München", pid.Addresses[0].City);
        Assert.Equal("80331", pid.Addresses[0].PostalCode);
        Assert.Equal("M", pid.Addresses[1].AddressType);
        Assert.Equal("1234567", pid.HomePhones[0].LocalNumber);
        Assert.Equal("juergen@example.org", pid.HomePhones[1].EmailAddress);
        Assert.Equal("12", pid.BusinessPhones[0].Extension);
        Assert.Equal("de", pid.PrimaryLanguage!.Identifier);
        Assert.Equal("ACC778899", pid.PatientAccountNumber!.Id);
    }

    [Fact]
    public void Msh_hides_its_numbering_behind_names()
    {
        var msh = new MshSegment(Hl7Message.Parse(CorpusFiles.Read("adt_a01.hl7")).Header);
        Assert.Equal('|', msh.FieldSeparator);
        Assert.Equal("^~\\&", msh.EncodingCharacters);
        Assert.Equal("EPIC", msh.SendingApplication!.NamespaceId);
        Assert.Equal("1.2.840.114350", msh.SendingFacility!.UniversalId);
        Assert.Equal(new Hl7MessageType("ADT", "A01", "ADT_A01"), msh.MessageType);
        Assert.Equal("MSG00001", msh.MessageControlId);
        Assert.Equal("P", msh.ProcessingId);
        Assert.Equal("2.5.1", msh.VersionId);
        Assert.True(msh.UsesEnhancedAcknowledgment);
        Assert.Equal(TimeSpan.FromHours(1), msh.DateTimeOfMessage!.Value.Offset);
    }

    [Fact]
    public void Views_write_back_into_the_segment()
    {
        var message = Hl7Message.Create();
        var msh = new MshSegment(message.Header)
        {
            SendingApplication = new Hl7HierarchicDesignator("CLOUDRIS"),
            MessageType = new Hl7MessageType("ORU", "R01", "ORU_R01"),
            MessageControlId = "X1",
            ProcessingId = "P",
            VersionId = "2.5.1",
        };
        var pid = new PidSegment(message.AddSegment("PID"))
        {
            SetId = "1",
            PatientIdentifiers = [new Hl7ExtendedId("7", new Hl7HierarchicDesignator("H", "1.2.3", "ISO"), "MR"), new Hl7ExtendedId("8^9")],
            PatientNames = [new Hl7PersonName("O'Neil", "Ann")],
            DateOfBirth = Hl7DateTime.FromDate(new DateOnly(2001, 2, 3)),
            AdministrativeSex = "F",
        };
        var zds = new ZdsSegment(message.AddSegment("ZDS"));
        zds.SetStudyInstanceUid("1.2.3.4");
        Assert.Equal(
            "MSH|^~\\&|CLOUDRIS||||||ORU^R01^ORU_R01|X1|P|2.5.1\r" +
            "PID|1||7^^^H&1.2.3&ISO^MR~8\\S\\9||O'Neil^Ann||20010203|F\r" +
            "ZDS|1.2.3.4^100^Application^DICOM\r",
            message.ToEr7());
        Assert.Equal("8^9", pid.PatientIdentifiers[1].Id);
        Assert.Equal("ORU", msh.MessageType!.MessageCode);
    }

    [Fact]
    public void Order_and_result_segments_read_radiology_fields()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("orm_o01_multi_crlf.hl7"));
        var orc = new OrcSegment(message.FindSegment("ORC")!);
        var obr = new ObrSegment(message.FindSegment("OBR")!);
        Assert.Equal("NW", orc.OrderControl);
        Assert.Equal(new Hl7EntityIdentifier("PLC-1", "RIS"), orc.PlacerOrderNumber);
        Assert.Equal("SC", orc.OrderStatus);
        Assert.Equal(new DateTime(2024, 3, 21, 9, 0, 0), orc.QuantityTimingStart!.Value.LocalValue);
        Assert.Equal("Tech", orc.EnteredBy!.FamilyName);
        Assert.Equal("Welby", orc.OrderingProviders[0].FamilyName);
        Assert.Equal(new Hl7CodedElement("71020", "CHEST 2 VIEWS", "CPT4"), obr.UniversalServiceId);
        Assert.Equal("ACC-1", obr.PlacerField1);
        Assert.Equal("RP-1", obr.PlacerField2);
        Assert.Equal("SPS-1", obr.FillerField1);
        Assert.Equal("CR", obr.DiagnosticServiceSectionId);
        Assert.Equal(new DateTime(2024, 3, 21, 9, 0, 0), obr.QuantityTimingStart!.Value.LocalValue);
        var zds = new ZdsSegment(message.FindSegment("ZDS")!);
        Assert.Equal("1.2.840.113619.2.55.3.1001", zds.StudyInstanceUid);
        Assert.Equal("DICOM", zds.Subtype);
        var nte = new NteSegment(message.GetSegments("NTE").ElementAt(1));
        Assert.Equal(["Patient is claustrophobic", "second line"], nte.Comments);
    }

    [Fact]
    public void Obx_text_and_coded_values()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("oru_r01.hl7"));
        var observations = message.GetSegments("OBX").Select(s => new ObxSegment(s)).ToList();
        Assert.Equal("\\H\\No acute disease.\\N\\", observations[0].Segment.GetValue(5));
        Assert.Equal("No acute disease.", observations[0].TextValue);
        Assert.Equal("Line one\nLine two\n\nLine four", observations[2].TextValue);
        Assert.Equal("FU", observations[3].TextValue);
        Assert.Equal("F", observations[0].ResultStatus);

        var built = Hl7Message.Create();
        var obx = new ObxSegment(built.AddSegment("OBX"));
        obx.SetTextValue("TX", "First | line\nSecond ^ line");
        Assert.Equal("OBX||TX|||First \\F\\ line~Second \\S\\ line", obx.ToString());
        Assert.Equal("First | line\nSecond ^ line", obx.TextValue);
    }

    [Fact]
    public void Err_and_msa_read_both_version_styles()
    {
        var ack = Hl7Message.Parse(CorpusFiles.Read("ack_err.hl7"));
        var err = new ErrSegment(ack.FindSegment("ERR")!);
        Assert.Equal(Hl7ErrorCode.RequiredFieldMissing, err.ErrorCode);
        Assert.Equal(new Hl7Location("PID", 1, 3), err.Location);
        Assert.Equal("E", err.Severity);
        var msa = new MsaSegment(ack.FindSegment("MSA")!);
        Assert.Equal("AE", msa.AcknowledgmentCode);
        Assert.Equal("ORM-1001", msa.MessageControlId);

        var legacy = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ACK|1|P|2.3\rMSA|AR|9\rERR|MSH^1^9^200&Unsupported message type&HL70357\r");
        var legacyErr = new ErrSegment(legacy.FindSegment("ERR")!);
        Assert.Equal(Hl7ErrorCode.UnsupportedMessageType, legacyErr.ErrorCode);
        Assert.Equal(new Hl7Location("MSH", 1, 9), legacyErr.Location);
    }

    [Fact]
    public void A_view_refuses_a_segment_of_another_type()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("adt_a01.hl7"));
        Assert.Throws<ArgumentException>(() => new PidSegment(message.Header));
    }
}
