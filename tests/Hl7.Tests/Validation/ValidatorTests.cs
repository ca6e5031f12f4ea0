using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Tests.Corpus;
using CloudRisPacs.Hl7.Validation;

namespace CloudRisPacs.Hl7.Tests.Validation;

public sealed class ValidatorTests
{
    [Theory]
    [MemberData(nameof(CorpusNames))]
    public void The_corpus_is_valid(string name)
    {
        var result = Hl7Validator.Validate(Hl7Message.Parse(CorpusFiles.Read(name)));
        Assert.True(result.IsValid, $"{name}: {result}");
        Assert.Equal(Hl7AckOutcome.Accepted, result.Outcome);
    }

    public static TheoryData<string> CorpusNames => CorpusFiles.Names;

    [Fact]
    public void Every_problem_is_listed_with_its_location()
    {
        var message = Hl7Message.Parse(
            "MSH|^~\\&|RIS|CLINIC|PACS|CLOUD|2024-03-20||ORM^O01|||2.5.1|||XX\r" +
            "PID|1||||||19801332|Q\r" +
            "OBR|1|||\r" +
            "OBX|1||||text\r");
        var issues = Hl7Validator.Validate(message).Issues;
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.DataTypeError && i.Location == new Hl7Location("MSH", 1, 7, 0, 1));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.RequiredFieldMissing && i.Location == new Hl7Location("MSH", 1, 10));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.RequiredFieldMissing && i.Location == new Hl7Location("MSH", 1, 11));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.TableValueNotFound && i.Location == new Hl7Location("MSH", 1, 15));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.SegmentSequenceError && i.Location.SegmentId == "ORC");
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.RequiredFieldMissing && i.Location == new Hl7Location("PID", 2, 3));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.RequiredFieldMissing && i.Location == new Hl7Location("PID", 2, 5));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.DataTypeError && i.Location == new Hl7Location("PID", 2, 7, 0, 1));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.TableValueNotFound && i.Location == new Hl7Location("PID", 2, 8));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.SegmentSequenceError && i.Location == new Hl7Location("OBR", 3));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.RequiredFieldMissing && i.Location == new Hl7Location("OBR", 3, 4));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.RequiredFieldMissing && i.Location == new Hl7Location("OBX", 4, 2));
        Assert.Contains(issues, i => i.Code == Hl7ErrorCode.RequiredFieldMissing && i.Location == new Hl7Location("OBX", 4, 11));
        Assert.True(issues.Count >= 13);
    }

    [Theory]
    [InlineData("ADT^A99", Hl7ErrorCode.UnsupportedEventCode, "2.5")]
    [InlineData("QRY^Q01", Hl7ErrorCode.UnsupportedMessageType, "2.5")]
    [InlineData("ADT^A01", Hl7ErrorCode.UnsupportedVersionId, "2.2")]
    [InlineData("ADT^A01^ORM_O01", Hl7ErrorCode.UnsupportedMessageType, "2.5")]
    public void Message_level_faults_reject(string type, Hl7ErrorCode code, string version)
    {
        var message = Hl7Message.Parse($"MSH|^~\\&|A|B|C|D|20240101||{type}|1|P|{version}\rEVN||20240101\rPID|1||7||X\rPV1|1|O\r");
        var result = Hl7Validator.Validate(message);
        Assert.Contains(result.Issues, i => i.Code == code);
        Assert.Equal(Hl7AckOutcome.Rejected, result.Outcome);
    }

    [Fact]
    public void Processing_id_outside_p_d_t_is_202()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|X|2.5\rEVN||20240101\rPID|1||7||X\rPV1|1|O\r");
        Assert.Contains(Hl7Validator.Validate(message).Issues, i => i.Code == Hl7ErrorCode.UnsupportedProcessingId);
    }

    [Fact]
    public void Required_segments_per_message()
    {
        var a40 = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A40|1|P|2.5\rEVN||20240101\rPID|1||7||X\r");
        Assert.Contains(Hl7Validator.Validate(a40).Issues, i => i.Location.SegmentId == "MRG" && i.Code == Hl7ErrorCode.SegmentSequenceError);
        var a47 = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A47|1|P|2.5\rEVN||20240101\rPID|1||7||X\r");
        Assert.Contains(Hl7Validator.Validate(a47).Issues, i => i.Location.SegmentId == "MRG" && i.Code == Hl7ErrorCode.SegmentSequenceError);
        Assert.True(Hl7Validator.Validate(Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A47^ADT_A30|1|P|2.5\rEVN||20240101\rPID|1||7||X\rMRG|6\r")).IsValid);
        var omi = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||OMI^O23|1|P|2.5\rPID|1||7||X\rORC|NW\rOBR|1|||A\r");
        Assert.Contains(Hl7Validator.Validate(omi).Issues, i => i.Location.SegmentId == "IPC");
        var ack = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ACK|1|P|2.5\r");
        Assert.Contains(Hl7Validator.Validate(ack).Issues, i => i.Location.SegmentId == "MSA");
    }

    [Fact]
    public void Issues_turn_into_an_acknowledgement()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5\rEVN||20240101\rPID|1||||\rPV1|1|O\r");
        var result = Hl7Validator.Validate(message);
        var ack = new AckBuilder().Acknowledge(message, result.Outcome, result.Issues.Select(i => i.ToAckError()));
        var written = ack.ToEr7();
        Assert.Contains("MSA|AE|1|", written, StringComparison.Ordinal);
        Assert.Contains("ERR||PID^3^3|101^", written, StringComparison.Ordinal);
        Assert.Contains("ERR||PID^3^5|101^", written, StringComparison.Ordinal);
    }
}
