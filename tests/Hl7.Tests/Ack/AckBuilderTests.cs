using System.Text;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Tests.Corpus;

namespace CloudRisPacs.Hl7.Tests.Ack;

public sealed class AckBuilderTests
{
    private static readonly AckBuilder Builder = new(new AckBuilderOptions
    {
        ControlIdGenerator = () => "ACK0001",
        TimeProvider = new FixedTime(new DateTimeOffset(2024, 3, 20, 7, 15, 1, TimeSpan.FromHours(1))),
    });

    [Fact]
    public void Original_mode_accept_echoes_control_id_and_swaps_applications()
    {
        var original = Hl7Message.Parse(CorpusFiles.Read("orm_o01_multi_crlf.hl7"));
        var ack = Builder.Acknowledge(original, Hl7AckOutcome.Accepted);
        Assert.Equal(
            "MSH|^~\\&|PACS|CLOUD|RIS|CLINIC|20240320071501+0100||ACK^O01|ACK0001|P|2.3.1\rMSA|AA|ORM-1001\r",
            ack.ToEr7());
    }

    [Fact]
    public void Enhanced_mode_gives_commit_codes_and_later_application_codes()
    {
        var original = Hl7Message.Parse(CorpusFiles.Read("omi_o23.hl7"));
        Assert.Equal("CA", new AckMessage(Builder.Acknowledge(original, Hl7AckOutcome.Accepted)).AcknowledgmentCode);
        Assert.Equal("CE", new AckMessage(Builder.Acknowledge(original, Hl7AckOutcome.Error)).AcknowledgmentCode);
        Assert.Equal("CR", new AckMessage(Builder.Acknowledge(original, Hl7AckOutcome.Rejected)).AcknowledgmentCode);
        var application = new AckMessage(Builder.Build(original, Hl7AckCode.AA));
        Assert.Equal("AA", application.AcknowledgmentCode);
        Assert.Equal("OMI-77", application.AcknowledgedControlId);
        // The original is UTF-8; so is its acknowledgement.
        Assert.Equal("UNICODE UTF-8", application.Msh.CharacterSet);
        Assert.Equal(new Hl7Types("ACK", "O23", "ACK"), Hl7Types.Of(application));
    }

    [Fact]
    public void The_application_ack_asks_for_a_commit_ack_and_no_application_ack_while_the_commit_ack_asks_for_neither()
    {
        var original = Hl7Message.Parse(CorpusFiles.Read("omi_o23.hl7"));
        var application = new AckMessage(Builder.BuildApplicationAck(original, Hl7AckCode.AE));
        Assert.Equal(("AE", "OMI-77"), (application.AcknowledgmentCode, application.AcknowledgedControlId));
        Assert.Equal(("AL", "NE"), (application.Msh.AcceptAcknowledgmentType, application.Msh.ApplicationAcknowledgmentType));
        var commit = new AckMessage(Builder.Acknowledge(original, Hl7AckOutcome.Accepted));
        Assert.Equal((string.Empty, string.Empty), (commit.Msh.AcceptAcknowledgmentType, commit.Msh.ApplicationAcknowledgmentType));
    }

    [Fact]
    public void Errors_become_err_segments_with_table_0357_codes_and_locations_in_v25()
    {
        var original = Hl7Message.Parse(CorpusFiles.Read("adt_a01.hl7"));
        var ack = Builder.Acknowledge(original, Hl7AckOutcome.Error,
        [
            new Hl7AckError(Hl7ErrorCode.RequiredFieldMissing, new Hl7Location("PID", 3, 5, 1, 2), "PID-5.2 is required."),
            new Hl7AckError(Hl7ErrorCode.TableValueNotFound, new Hl7Location("PV1", 5, 2), "PV1-2 'Q' is unknown.", "W"),
        ]);
        var written = ack.ToEr7();
        Assert.Contains("MSA|CE|MSG00001|PID-5.2 is required.\r", written, StringComparison.Ordinal);
        Assert.Contains("ERR||PID^3^5^1^2|101^Required field missing^HL70357|E|||PID-5.2 is required.\r", written, StringComparison.Ordinal);
        Assert.Contains("ERR||PV1^5^2|103^Table value not found^HL70357|W|||PV1-2 'Q' is unknown.\r", written, StringComparison.Ordinal);
        var errors = new AckMessage(Hl7Message.Parse(written)).Errors;
        Assert.Equal(Hl7ErrorCode.RequiredFieldMissing, errors[0].ErrorCode);
        Assert.Equal(new Hl7Location("PID", 3, 5, 1, 2), errors[0].Location);
    }

    [Fact]
    public void Errors_use_err_1_before_v25()
    {
        var original = Hl7Message.Parse(CorpusFiles.Read("adt_a04_lf.hl7"));
        var ack = Builder.Acknowledge(original, Hl7AckOutcome.Rejected,
            [new Hl7AckError(Hl7ErrorCode.UnsupportedEventCode, new Hl7Location("MSH", 1, 9), "Event not supported.")]);
        Assert.Contains("MSA|AR|A04-0001|Event not supported.\rERR|MSH^1^9^201&Unsupported event code&HL70357\r", ack.ToEr7(), StringComparison.Ordinal);
        Assert.Equal("ACK^A04", ack.Header.GetField(9).RawText);
    }

    [Fact]
    public void A_nak_is_built_when_only_part_of_msh_is_readable()
    {
        var raw = Encoding.ASCII.GetBytes("MSH|^~\\&|RIS|CLINIC|PACS|CLOUD|20240320||ORM^O01|CTRL-9|P|2.3.1\rPID|1\rBAD SEGMENT\r");
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(raw));
        var nak = new AckMessage(Builder.BuildNak(raw, error));
        Assert.Equal("AR", nak.AcknowledgmentCode);
        Assert.Equal("CTRL-9", nak.AcknowledgedControlId);
        Assert.Equal("PACS", nak.Msh.SendingApplication!.NamespaceId);
        Assert.Equal("RIS", nak.Msh.ReceivingApplication!.NamespaceId);
        var err = Assert.Single(nak.Errors);
        Assert.Equal(error.ErrorCode, err.ErrorCode);
        Assert.Equal(3, err.Location!.Value.SegmentSequence);
    }

    [Fact]
    public void A_nak_for_a_truncated_header_still_addresses_what_it_can()
    {
        var raw = Encoding.ASCII.GetBytes("MSH|^~\\&|RIS|CLINIC|PACS");
        var nak = Builder.BuildNak(raw, Hl7AckOutcome.Rejected, [new Hl7AckError(Hl7ErrorCode.RequiredFieldMissing, new Hl7Location("MSH", 1, 10), "MSH-10 missing")]);
        Assert.Equal("MSH|^~\\&|PACS||RIS|CLINIC|20240320071501+0100||ACK^^ACK|ACK0001|P|2.5.1\rMSA|AR||MSH-10 missing\rERR||MSH^1^10|101^Required field missing^HL70357|E|||MSH-10 missing\r", nak.ToEr7());
    }

    [Fact]
    public void A_nak_for_garbage_uses_standard_delimiters_and_no_control_id()
    {
        var raw = new byte[] { 0xFF, 0x00, 0x41 };
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(raw));
        var nak = new AckMessage(Hl7Message.Parse(Builder.BuildNak(raw, error).ToBytes()));
        Assert.Equal("AR", nak.AcknowledgmentCode);
        Assert.Equal(string.Empty, nak.AcknowledgedControlId);
    }

    [Fact]
    public void Enhanced_mode_nak_for_an_unreadable_message_is_cr()
    {
        var raw = Encoding.ASCII.GetBytes("MSH|^~\\&|RIS|CLINIC|PACS|CLOUD|20240320||OMI^O23|C1|P|2.5.1|||AL|AL||KLINGON\rPID|1\r");
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(raw));
        var nak = Builder.BuildNak(raw, error);
        Assert.Equal("CR", new MsaSegment(nak.FindSegment("MSA")!).AcknowledgmentCode);
        Assert.Equal(string.Empty, new MshSegment(nak.Header).CharacterSet);
        Assert.Contains("|103^Table value not found^HL70357|", nak.ToEr7(), StringComparison.Ordinal);
    }

    [Fact]
    public void Non_standard_delimiters_are_kept_in_the_ack()
    {
        var original = Hl7Message.Parse(CorpusFiles.Read("orm_o01_delimiters.hl7"));
        var ack = Builder.Acknowledge(original, Hl7AckOutcome.Accepted);
        Assert.StartsWith("MSH*:!\\%*PACS*CLOUD*RIS*CLINIC*", ack.ToEr7(), StringComparison.Ordinal);
        Assert.Contains("MSA*AA*ORM-D1", ack.ToEr7(), StringComparison.Ordinal);
    }

    private sealed record Hl7Types(string Code, string Trigger, string Structure)
    {
        public static Hl7Types Of(AckMessage ack) =>
            new(ack.Msh.MessageType!.MessageCode, ack.Msh.MessageType.TriggerEvent, ack.Msh.MessageType.MessageStructure);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();

        public override TimeZoneInfo LocalTimeZone { get; } = TimeZoneInfo.CreateCustomTimeZone("fixed", now.Offset, "fixed", "fixed");
    }
}
