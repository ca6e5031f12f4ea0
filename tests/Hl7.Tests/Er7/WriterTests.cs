using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Tests.Corpus;

namespace CloudRisPacs.Hl7.Tests.Er7;

public sealed class WriterTests
{
    [Theory]
    [InlineData("adt_a01.hl7")]
    [InlineData("adt_a08_escapes.hl7")]
    [InlineData("adt_a40.hl7")]
    [InlineData("omi_o23.hl7")]
    [InlineData("oru_r01.hl7")]
    [InlineData("ack_err.hl7")]
    [InlineData("orm_o01_latin1.hl7")]
    [InlineData("orm_o01_delimiters.hl7")]
    public void Canonical_input_is_reproduced_byte_for_byte(string name)
    {
        var bytes = CorpusFiles.Read(name);
        Assert.Equal(bytes, Hl7Message.Parse(bytes).ToBytes());
    }

    [Fact]
    public void Undeclared_utf8_input_is_reproduced_as_text_but_not_written_as_ascii()
    {
        var bytes = CorpusFiles.Read("adt_a31.hl7");
        var message = Hl7Message.Parse(bytes);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(bytes), message.ToEr7());
        Assert.Throws<InvalidOperationException>(() => message.ToBytes());
    }

    [Theory]
    [InlineData("adt_a04_lf.hl7")]
    [InlineData("orm_o01_multi_crlf.hl7")]
    public void Other_terminators_are_written_as_cr(string name)
    {
        var message = Hl7Message.Parse(CorpusFiles.Read(name));
        var written = message.ToEr7();
        Assert.DoesNotContain('\n', written);
        Assert.Equal(message.Segments.Count, written.Count(c => c == '\r'));
        Assert.True(Hl7Message.Parse(written).ContentEquals(message));
    }

    [Fact]
    public void Redundant_trailing_delimiters_are_left_out_at_every_level()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A||||||ADT^A01^^|1|P|2.5||\rPID|1||a&&^b^^~~|x~|^^|&|\r");
        Assert.Equal("MSH|^~\\&|A||||||ADT^A01|1|P|2.5\rPID|1||a^b|x\r", message.ToEr7());
    }

    [Fact]
    public void Writing_encodes_with_msh_18()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||8859/1\rPID|1||7||Zoë\r");
        Assert.Equal(Hl7Charset.Latin1, message.Charset);
        Assert.Contains((byte)0xEB, message.ToBytes());
        new CloudRisPacs.Hl7.Segments.MshSegment(message.Header).CharacterSet = "UNICODE UTF-8";
        Assert.Equal(Hl7Charset.Utf8, message.Charset);
        Assert.Contains("Zo\u00eb"u8.ToArray()[2], message.ToBytes());
        Assert.Equal(message.ToEr7(), System.Text.Encoding.UTF8.GetString(message.ToBytes()));
    }

    [Fact]
    public void Unencodable_text_is_refused_when_writing_ascii()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5\rPID|1||7||Zoë\r");
        var error = Assert.Throws<InvalidOperationException>(() => message.ToBytes());
        Assert.Contains("MSH-18", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segments_can_be_built_with_fields_beyond_the_end()
    {
        var message = Hl7Message.Create();
        message.Header.SetField(9, "X");
        message.Header.SetComponent(9, 2, "Y");
        message.Header.SetSubcomponent(3, 1, 2, "sub");
        var obx = message.AddSegment("OBX");
        obx.SetComponent(5, 2, "second", repetition: 3);
        Assert.Equal("MSH|^~\\&|&sub||||||X^Y\rOBX|||||~~^second\r", message.ToEr7());
        Assert.Throws<InvalidOperationException>(() => message.Header.SetField(2, "x"));
        Assert.Throws<ArgumentException>(() => obx.SetFieldRaw(3, "a|b"));
    }
}
