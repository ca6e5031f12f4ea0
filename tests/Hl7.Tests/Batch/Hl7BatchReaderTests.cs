using System.Text;
using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Tests.Batch;

public sealed class Hl7BatchReaderTests
{
    private const string First = "MSH|^~\\&|RIS|CLINIC|EDGE|SITE|20240320101500||ADT^A08^ADT_A01|C-1|P|2.5.1\rEVN|A08\rPID|1||P1^^^CLINIC^MR||DOE^JANE\r";
    private const string Second = "MSH|^~\\&|RIS|CLINIC|EDGE|SITE|20240320101501||ADT^A08^ADT_A01|C-2|P|2.5.1\rEVN|A08\rPID|1||P2^^^CLINIC^MR||ROE^RICHARD\r";
    private const string Third = "MSH|^~\\&|RIS|CLINIC|EDGE|SITE|20240320101502||ADT^A08^ADT_A01|C-3|P|2.5.1\rEVN|A08\rPID|1||P3^^^CLINIC^MR||POE^EDGAR\r";

    [Fact]
    public void A_file_of_two_batches_gives_every_message_exactly_as_sent_with_the_envelope_ids()
    {
        var text = "FHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||F-7\r"
            + "BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-1\r" + First + Second + "BTS|2\r"
            + "BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-2\r" + Third + "BTS|1\r"
            + "FTS|2\r";

        var batch = Hl7BatchReader.Read(Encoding.ASCII.GetBytes(text));

        Assert.Equal(("FHS", "F-7", "RIS", "CLINIC", "EDGE", "SITE"), Facts(batch.FileHeader!));
        Assert.Equal(2, batch.Sections.Count);
        Assert.Equal(("BHS", "B-1", "RIS", "CLINIC", "EDGE", "SITE"), Facts(batch.Sections[0].Header!));
        Assert.Equal("B-2", batch.Sections[1].Header!.ControlId);
        Assert.Equal([First, Second, Third], batch.Messages.Select(m => Encoding.ASCII.GetString(m.Span)));
        Assert.Equal(3, batch.MessageCount);
        Assert.Equal(["C-1", "C-2", "C-3"], batch.Messages.Select(m => Hl7Message.Parse(m.Span).Header.GetValue(10)));
    }

    [Fact]
    public void A_single_batch_may_come_without_file_header_and_trailer_and_with_LF_line_ends()
    {
        var lines = "BHS|^~\\&|RIS|CLINIC\n" + First.Replace('\r', '\n') + Second.Replace('\r', '\n');

        var batch = Hl7BatchReader.Read(Encoding.ASCII.GetBytes(lines));

        Assert.Null(batch.FileHeader);
        var section = Assert.Single(batch.Sections);
        Assert.Equal(string.Empty, section.Header!.ControlId);
        Assert.Equal([First.Replace('\r', '\n'), Second.Replace('\r', '\n')], section.Messages.Select(m => Encoding.ASCII.GetString(m.Span)));
    }

    [Fact]
    public void A_file_may_hold_its_messages_without_a_batch_header_and_an_empty_batch_is_a_batch()
    {
        var batch = Hl7BatchReader.Read(Encoding.ASCII.GetBytes("FHS|^~\\&\r" + First + "BTS|1\rBHS|^~\\&|||||||||B-9\rBTS|0\rFTS|2\r"));

        Assert.Equal(2, batch.Sections.Count);
        Assert.Null(batch.Sections[0].Header);
        Assert.Single(batch.Sections[0].Messages);
        Assert.Equal("B-9", batch.Sections[1].Header!.ControlId);
        Assert.Empty(batch.Sections[1].Messages);
    }

    [Fact]
    public void Other_delimiters_in_the_header_are_read_from_it()
    {
        var batch = Hl7BatchReader.Read(Encoding.ASCII.GetBytes("BHS#$@?+#RIS#CLINIC#EDGE#SITE#####B-5\r" + First + "BTS#1\r"));

        Assert.Equal('#', batch.Sections[0].Header!.Delimiters.Field);
        Assert.Equal("B-5", batch.Sections[0].Header!.ControlId);
    }

    [Theory]
    [InlineData("BHS|^~\\&\r{1}{2}BTS|3\r", "BTS-1 declares 3 messages, the batch holds 2")]
    [InlineData("FHS|^~\\&\rBHS|^~\\&\r{1}BTS|1\rFTS|2\r", "FTS-1 declares 2 batches, the file holds 1")]
    [InlineData("BHS|^~\\&\r{1}BTS|one\r", "BTS-1 (batch message count) is 'one'")]
    [InlineData("BHS|^~\\&\rPID|1\r{1}", "PID) is outside any message")]
    [InlineData("BHS|^~\\&\r{1}BTS|1\rNTE|1\r", "NTE) is outside any message")]
    [InlineData("BHS|^~\\&\r{1}FHS|^~\\&\r", "FHS may only be the first segment")]
    [InlineData("BHS|^~\\&\r{1}FTS|1\r", "FTS without FHS")]
    [InlineData("FHS|^~\\&\r{1}BTS|1\rFTS|1\r{2}", "follows the file trailer")]
    [InlineData("FHS|^~\\&\rBTS|0\r", "BTS without a batch to close")]
    [InlineData("BHS|^~\\&\r{1}pid|1\r", "does not start with a segment id")]
    [InlineData("BHS|^~\\&|||||||||||||||||||\r{1}BT", "does not start with a segment id")]
    [InlineData("BHS|^~\\&^^^\r{1}", "BHS does not hold usable delimiters")]
    [InlineData("{1}BTS|1\r", "A batch starts with an FHS or BHS segment")]
    [InlineData("\r\n", "A batch starts with an FHS or BHS segment")]
    public void A_broken_envelope_or_a_count_that_disagrees_refuses_the_whole_batch(string template, string expected)
    {
        var text = template.Replace("{1}", First, StringComparison.Ordinal).Replace("{2}", Second, StringComparison.Ordinal);

        var error = Assert.Throws<Hl7ParseException>(() => Hl7BatchReader.Read(Encoding.ASCII.GetBytes(text)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(Hl7ErrorCode.SegmentSequenceError, error.ErrorCode);
    }

    [Fact]
    public void More_messages_than_the_limit_are_refused_as_a_limit()
    {
        var text = "BHS|^~\\&\r" + string.Concat(Enumerable.Repeat(First, 4));

        var error = Assert.Throws<Hl7ParseException>(() => Hl7BatchReader.Read(Encoding.ASCII.GetBytes(text), new Hl7BatchReaderOptions { MaxMessages = 3 }));

        Assert.True(error.IsLimitExceeded);
        Assert.Single(Hl7BatchReader.Read(Encoding.ASCII.GetBytes(text), new Hl7BatchReaderOptions { MaxMessages = 4 }).Sections);
    }

    [Theory]
    [InlineData("FHS|^~\\&\r", true)]
    [InlineData("\r\nBHS|^~\\&\r", true)]
    [InlineData("\uFEFFBHS|^~\\&\r", true)]
    [InlineData("MSH|^~\\&\r", false)]
    [InlineData("BHS", false)]
    [InlineData("", false)]
    public void A_frame_is_a_batch_when_its_first_segment_is_FHS_or_BHS(string text, bool expected) =>
        Assert.Equal(expected, Hl7BatchReader.IsBatch(Encoding.UTF8.GetBytes(text)));

    private static (string, string, string, string, string, string) Facts(Hl7EnvelopeHeader header) =>
        (header.SegmentId, header.ControlId, header.SendingApplication, header.SendingFacility, header.ReceivingApplication, header.ReceivingFacility);
}
