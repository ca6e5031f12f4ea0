using System.Text;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Tests.Corpus;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Validation;

namespace CloudRisPacs.Hl7.Tests.Er7;

public sealed class ParserTests
{
    private const string Orm = "MSH|^~\\&|RIS|CLINIC|PACS|CLOUD|20240320071500||ORM^O01|ORM-1|P|2.3.1\rPID|1||55501^^^CLINIC^MR~66^^^X^PI||Doe^Jane\rORC|NW|PLC-1\r";

    [Fact]
    public void Msh_fields_are_numbered_as_hl7_numbers_them()
    {
        var message = Hl7Message.Parse(Orm);
        var msh = message.Header;
        Assert.Equal("|", msh.GetField(1).RawText);
        Assert.Equal("^~\\&", msh.GetField(2).RawText);
        Assert.Equal("RIS", msh.GetValue(3));
        Assert.Equal("ORM", msh.GetValue(9, 1));
        Assert.Equal("O01", msh.GetValue(9, 2));
        Assert.Equal("ORM-1", msh.GetValue(10));
        Assert.Equal(12, msh.FieldCount);
        // MSH-2 is never split although it holds the separators.
        Assert.Equal(1, msh.GetField(2).RepetitionCount);
        Assert.Equal("^~\\&", msh.GetField(2).Value);
    }

    [Fact]
    public void Repetitions_components_and_subcomponents_split_on_demand()
    {
        var pid = Hl7Message.Parse(Orm).Segments[1];
        var ids = pid.GetField(3);
        Assert.Equal(2, ids.RepetitionCount);
        Assert.Equal("55501", ids.GetRepetition(1).GetComponent(1).Value);
        Assert.Equal("CLINIC", ids.GetRepetition(1).GetComponent(4).Value);
        Assert.Equal("PI", ids.GetRepetition(2).GetComponent(5).Value);
        Assert.Equal(string.Empty, ids.GetRepetition(3).Value);
        Assert.Equal(string.Empty, pid.GetField(40).Value);
        Assert.True(pid.GetField(40).IsEmpty);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Any_segment_terminator_is_accepted(string terminator)
    {
        var text = Orm.Replace("\r", terminator, StringComparison.Ordinal);
        var message = Hl7Message.Parse(text);
        Assert.Equal(["MSH", "PID", "ORC"], message.Segments.Select(s => s.Id));
        Assert.Equal(Orm, message.ToEr7());
    }

    [Fact]
    public void Blank_lines_and_leading_whitespace_are_skipped()
    {
        var message = Hl7Message.Parse("\r\n  " + Orm.Replace("\rPID", "\r\r\n\rPID", StringComparison.Ordinal) + "\r\n\r\n");
        Assert.Equal(3, message.Segments.Count);
    }

    [Fact]
    public void A_line_feed_in_a_field_of_a_cr_terminated_message_is_data()
    {
        const string text = "MSH|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20250101080100||ORM^O01|ORM-LF|P|2.3.1\rPID|1||PAT0001^^^DEMO^MR||DOE^JANE||19700101|F\r"
            + "ORC|NW|PLC0001^RIS|FIL0001^RIS||SC\rOBR|1|PLC0001^RIS|FIL0001^RIS|CTCHEST^CT Chest^L||||||||||||D1234^REFERRER||ACC0001|RP1|SPS1||||CT\r"
            + "NTE|1||Allergic to contrast.\nPlease call ward 5 before.\r";
        var message = Hl7Message.Parse(text);

        Assert.Equal(["MSH", "PID", "ORC", "OBR", "NTE"], message.Segments.Select(s => s.Id));
        Assert.Equal("Allergic to contrast.\nPlease call ward 5 before.", message.Segments[4].GetValue(3));
        Assert.Equal(Hl7AckOutcome.Accepted, Hl7Validator.Validate(message).Outcome);
        var again = Hl7Message.Parse(message.ToBytes());
        Assert.True(again.ContentEquals(message));
        Assert.Equal(message.Segments[4].GetValue(3), again.Segments[4].GetValue(3));
        Assert.Equal(@"A\X0A\B", Hl7Escaping.Escape("A\nB", message.Delimiters));
    }

    [Fact]
    public void Line_feeds_end_segments_when_the_msh_line_ends_in_one()
    {
        Assert.Equal(3, Hl7Message.Parse(Orm.Replace("\r", "\n", StringComparison.Ordinal)).Segments.Count);
        Assert.Equal(3, Hl7Message.Parse(Orm.Replace("\r", "\r\n", StringComparison.Ordinal)).Segments.Count);
    }

    [Fact]
    public void Delimiters_come_from_msh_never_assumed()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("orm_o01_delimiters.hl7"));
        Assert.Equal('*', message.Delimiters.Field);
        Assert.Equal(':', message.Delimiters.Component);
        Assert.Equal('!', message.Delimiters.Repetition);
        Assert.Equal('%', message.Delimiters.Subcomponent);
        var pid = message.Segments[1];
        Assert.Equal("OTHER", pid.GetField(3).GetRepetition(2).GetComponent(4).Value);
        Assert.Equal("Sally", pid.GetField(5).GetComponent(2).GetSubcomponent(1).Value);
        Assert.Equal("Jr", pid.GetField(5).GetComponent(2).GetSubcomponent(2).Value);
        Assert.Equal("Odd * delimiters : here", message.Segments[3].GetValue(4, 2));
    }

    [Fact]
    public void Truncation_character_of_v27_is_read()
    {
        var message = Hl7Message.Parse("MSH|^~\\&#|A|B|C|D|20240101||ADT^A08|1|P|2.7\rNTE|1||cut\\P\\here\r");
        Assert.Equal('#', message.Delimiters.Truncation);
        Assert.Equal("cut#here", message.Segments[1].GetValue(3));
    }

    [Fact]
    public void Z_segments_are_kept_in_place()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("adt_a08_escapes.hl7"));
        Assert.Equal("ZPD", message.Segments[^1].Id);
        Assert.Equal("custom^value", message.Segments[^1].GetValue(1));
        Assert.Equal("sub", message.Segments[^1].GetField(2).GetComponent(1).GetSubcomponent(2).Value);
    }

    [Fact]
    public void Trailing_empty_fields_and_components_are_tolerated()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08^|1|P|2.5|||||\rPID|1||7^^^^MR^^||Doe^^^^||||\r");
        Assert.Equal("ADT", message.Header.GetValue(9));
        Assert.Equal("MR", message.Segments[1].GetValue(3, 5));
        Assert.Equal("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5\rPID|1||7^^^^MR||Doe\r", message.ToEr7());
    }

    [Theory]
    [InlineData("2.3")]
    [InlineData("2.3.1")]
    [InlineData("2.4")]
    [InlineData("2.5")]
    [InlineData("2.5.1")]
    [InlineData("2.6")]
    [InlineData("2.7")]
    [InlineData("2.7.1")]
    [InlineData("2.8")]
    public void Versions_23_to_28_parse(string version)
    {
        var message = Hl7Message.Parse($"MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|{version}\rEVN||20240101\r");
        Assert.Equal(version, message.Header.GetValue(12));
    }

    [Theory]
    [InlineData("", "does not start with an MSH", "message is empty")]
    [InlineData("PID|1\r", "does not start with an MSH", "")]
    [InlineData("MSH|^~\\&|A\rpid|1\r", "segment id", "")]
    [InlineData("MSH|^~\\&|A\rPIDX|1\r", "segment id", "")]
    [InlineData("MSH|^^\\&|A\r", "distinct", "")]
    [InlineData("MSH|^~\\&|A\rMSH|^~\\&|B\r", "second MSH", "")]
    public void Bad_input_raises_the_documented_exception_with_a_location(string text, string expected, string alternative)
    {
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(text));
        Assert.True(
            error.Message.Contains(expected, StringComparison.OrdinalIgnoreCase)
            || (alternative.Length > 0 && error.Message.Contains(alternative, StringComparison.OrdinalIgnoreCase)),
            error.Message);
        Assert.NotEqual(Hl7ErrorCode.MessageAccepted, error.ErrorCode);
    }

    [Fact]
    public void Parse_errors_name_the_segment()
    {
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse("MSH|^~\\&|A\rPID|1\rP?D|2\r"));
        Assert.Equal(3, error.Location.SegmentSequence);
    }

    [Fact]
    public void Segments_stay_slices_of_the_input_until_changed()
    {
        var text = Orm.AsMemory();
        var message = Hl7Message.Parse(text);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetString(message.Segments[1].Raw, out var owner, out var start, out _));
        Assert.Same(Orm, owner);
        Assert.Equal(Orm.IndexOf("PID", StringComparison.Ordinal), start);
    }

    [Fact]
    public void Explicit_null_is_recognised()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5\rPID|1||7||\"\"\r");
        Assert.True(message.Segments[1].GetField(5).IsNull);
        Assert.False(message.Segments[1].GetField(3).IsNull);
    }

    [Fact]
    public void String_and_byte_entry_points_agree()
    {
        foreach (var path in CorpusFiles.All)
        {
            var bytes = File.ReadAllBytes(path);
            var fromBytes = Hl7Message.Parse(bytes);
            var charset = fromBytes.Charset;
            var fromText = Hl7Message.Parse(charset == Hl7Charset.Latin1 ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes));
            Assert.True(fromBytes.ContentEquals(fromText), path);
        }
    }
}
