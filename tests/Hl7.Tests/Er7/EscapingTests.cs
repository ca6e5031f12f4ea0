using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Tests.Corpus;

namespace CloudRisPacs.Hl7.Tests.Er7;

public sealed class EscapingTests
{
    private static readonly Hl7Delimiters Standard = Hl7Delimiters.Standard;

    [Theory]
    [InlineData("a|b", "a\\F\\b")]
    [InlineData("a^b", "a\\S\\b")]
    [InlineData("a&b", "a\\T\\b")]
    [InlineData("a~b", "a\\R\\b")]
    [InlineData("a\\b", "a\\E\\b")]
    [InlineData("line1\rline2\n", "line1\\X0D\\line2\\X0A\\")]
    [InlineData("Befund:\vkeine Auffälligkeiten", "Befund:\\X0B\\keine Auffälligkeiten")] // Word's line break
    [InlineData("a\u001Cb\u0000c\td", "a\\X1C\\b\\X00\\c\td")]
    [InlineData("plain", "plain")]
    public void Escape_and_unescape_are_inverse(string value, string escaped)
    {
        Assert.Equal(escaped, Hl7Escaping.Escape(value, Standard));
        Assert.Equal(value, Hl7Escaping.Unescape(escaped, Standard));
    }

    [Fact]
    public void Hex_escapes_decode_in_the_message_charset()
    {
        Assert.Equal("é", Hl7Escaping.Unescape("\\XC3A9\\", Standard, Hl7Charset.Utf8));
        Assert.Equal("é", Hl7Escaping.Unescape("\\XE9\\", Standard, Hl7Charset.Latin1));
        Assert.Equal("1:2", Hl7Escaping.Unescape("1\\X3A\\2", Standard));
    }

    [Fact]
    public void Formatting_commands_are_kept_verbatim_in_values_and_rendered_in_plain_text()
    {
        const string raw = "\\H\\Bold\\N\\ text\\.br\\next line \\Zvendor\\ end";
        Assert.Equal(raw, Hl7Escaping.Unescape(raw, Standard));
        Assert.Equal("Bold text\nnext line  end", Hl7Escaping.ToPlainText(raw, Standard));
    }

    [Fact]
    public void Unterminated_or_unknown_escapes_stay_as_text()
    {
        Assert.Equal("a\\b", Hl7Escaping.Unescape("a\\b", Standard));
        Assert.Equal("\\XZZ\\", Hl7Escaping.Unescape("\\XZZ\\", Standard));
    }

    [Fact]
    public void Escapes_in_the_corpus_resolve_and_round_trip_byte_for_byte()
    {
        var bytes = CorpusFiles.Read("adt_a08_escapes.hl7");
        var message = Hl7Message.Parse(bytes);
        var pid = new PidSegment(message.Segments[2]);
        Assert.Equal("O^Brien", pid.PatientName!.FamilyName);
        Assert.Equal("Mary&Ann", pid.PatientName.GivenName);
        var address = pid.Addresses[0];
        Assert.Equal("1 Pipe | Lane", address.Street);
        Assert.Equal("Unit ~7", address.OtherDesignation);
        Assert.Equal("Back\\slash", address.City);
        Assert.Equal(bytes, message.ToBytes());
    }

    [Fact]
    public void Highlighting_and_line_breaks_survive_a_round_trip()
    {
        var bytes = CorpusFiles.Read("oru_r01.hl7");
        var message = Hl7Message.Parse(bytes);
        Assert.Equal(bytes, message.ToBytes());
        var obx = new ObxSegment(message.Segments[5]);
        Assert.Equal("Lungs clear.\nHeart normal size.\nRatio 1:2", obx.TextValue);
    }

    [Fact]
    public void Setting_a_value_with_delimiters_escapes_it()
    {
        var message = Hl7Message.Create();
        var nte = message.AddSegment("NTE");
        nte.SetField(3, "a|b^c&d~e\\f\r\ng");
        Assert.Equal("NTE|||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X0D\\\\X0A\\g", nte.ToString());
        var reparsed = Hl7Message.Parse(message.ToEr7());
        Assert.Equal("a|b^c&d~e\\f\r\ng", reparsed.Segments[1].GetValue(3));
    }
}
