using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Tests.Corpus;

namespace CloudRisPacs.Hl7.Tests.Messages;

public sealed class MessageViewTests
{
    [Fact]
    public void Orm_with_several_orders_groups_orc_obr_notes_and_zds()
    {
        var orm = new OrmO01Message(Hl7Message.Parse(CorpusFiles.Read("orm_o01_multi_crlf.hl7")));
        Assert.Equal("Message level note", orm.Notes.Single().Comments[0]);
        Assert.Equal("55501", orm.Pid!.PatientIdentifiers[0].Id);
        Assert.Equal("O", orm.Pv1!.PatientClass);
        Assert.Equal(3, orm.Orders.Count);
        Assert.Equal(["PLC-1", "PLC-2", "PLC-3"], orm.Orders.Select(o => o.Orc!.PlacerOrderNumber!.EntityId));
        Assert.Equal(["ACC-1", "ACC-2", "ACC-3"], orm.Orders.Select(o => o.Obr!.PlacerField1));
        Assert.Single(orm.Orders[0].Notes);
        Assert.Equal("1.2.840.113619.2.55.3.1001", orm.Orders[0].Zds!.StudyInstanceUid);
        Assert.Null(orm.Orders[1].Zds);
        Assert.Equal("1.2.840.113619.2.55.3.1003", orm.Orders[2].Zds!.StudyInstanceUid);
    }

    [Fact]
    public void Omi_groups_ipc_segments_under_their_order()
    {
        var omi = new OmiO23Message(Hl7Message.Parse(CorpusFiles.Read("omi_o23.hl7")));
        var order = Assert.Single(omi.Orders);
        Assert.Equal(2, order.ImagingControls.Count);
        Assert.Equal("ACC-9", order.ImagingControls[0].AccessionIdentifier!.EntityId);
        Assert.Equal("1.2.3.4.5.9", order.ImagingControls[0].StudyInstanceUid!.EntityId);
        Assert.Equal("SPS-9b", order.ImagingControls[1].ScheduledProcedureStepId!.EntityId);
        Assert.Equal("CT", order.ImagingControls[0].Modality!.Identifier);
        Assert.Equal("CTSCANNER1", order.ImagingControls[0].ScheduledAeTitle);
        Assert.Equal("TQ1", Assert.Single(order.OtherSegments).Id);
    }

    [Fact]
    public void Oru_groups_observations_with_their_notes()
    {
        var oru = new OruR01Message(Hl7Message.Parse(CorpusFiles.Read("oru_r01.hl7")));
        var result = Assert.Single(oru.Results);
        Assert.Equal("RE", result.Orc!.OrderControl);
        Assert.Equal(4, result.Observations.Count);
        Assert.Equal("Read by resident & attending", result.Observations[2].Notes.Single().Comments[0]);
        Assert.Equal("F", result.Obr!.ResultStatus);
        Assert.NotNull(result.Zds);
    }

    [Fact]
    public void Oru_without_orc_still_groups_by_obr()
    {
        var oru = OruR01Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5\rPID|1||7||X\rOBR|1|||A\rOBX|1|TX|A||one||||||F\rOBR|2|||B\rOBX|1|TX|B||two||||||F\r");
        Assert.Equal(2, oru.Results.Count);
        Assert.Equal("two", oru.Results[1].Observations[0].Obx.TextValue);
    }

    [Theory]
    [InlineData("adt_a01.hl7", "A01")]
    [InlineData("adt_a04_lf.hl7", "A04")]
    [InlineData("adt_a08_escapes.hl7", "A08")]
    [InlineData("adt_a31.hl7", "A31")]
    public void Adt_events_expose_evn_pid_pv1(string name, string trigger)
    {
        var adt = new AdtMessage(Hl7Message.Parse(CorpusFiles.Read(name)));
        Assert.Equal(trigger, adt.TriggerEvent);
        Assert.NotNull(adt.Evn!.RecordedDateTime);
        Assert.NotEmpty(adt.Pid!.PatientIdentifiers);
        Assert.NotNull(adt.Pv1);
    }

    [Fact]
    public void Adt_a40_pairs_each_pid_with_its_mrg()
    {
        var adt = new AdtMessage(Hl7Message.Parse(CorpusFiles.Read("adt_a40.hl7")));
        Assert.Equal(2, adt.MergePairs.Count);
        Assert.Equal("100", adt.MergePairs[0].Pid.PatientIdentifiers[0].Id);
        Assert.Equal(["200", "201"], adt.MergePairs[0].Mrg.PriorPatientIdentifiers.Select(i => i.Id));
        Assert.Equal("Duplicate", adt.MergePairs[0].Mrg.PriorPatientNames[0].FamilyName);
        Assert.Equal("400", adt.MergePairs[1].Mrg.PriorPatientIdentifiers[0].Id);
    }

    [Fact]
    public void Ack_view_reads_code_control_id_and_errors()
    {
        var ack = new AckMessage(Hl7Message.Parse(CorpusFiles.Read("ack_err.hl7")));
        Assert.Equal("AE", ack.AcknowledgmentCode);
        Assert.Equal("ORM-1001", ack.AcknowledgedControlId);
        Assert.False(ack.IsPositive);
        Assert.Single(ack.Errors);
    }

    [Fact]
    public void A_view_refuses_another_message_type()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("oru_r01.hl7"));
        var error = Assert.Throws<ArgumentException>(() => new OrmO01Message(message));
        Assert.Contains("ORU^R01", error.Message, StringComparison.Ordinal);
    }
}
