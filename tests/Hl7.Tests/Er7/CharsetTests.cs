using System.Text;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Tests.Corpus;

namespace CloudRisPacs.Hl7.Tests.Er7;

public sealed class CharsetTests
{
    [Fact]
    public void Utf8_names_decode_from_bytes()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("omi_o23.hl7"));
        Assert.Equal(Hl7Charset.Utf8, message.Charset);
        Assert.Equal("Παπαδόπουλος", new PidSegment(message.Segments[1]).PatientName!.FamilyName);
    }

    [Fact]
    public void Latin1_bytes_decode_with_8859_1()
    {
        var message = Hl7Message.Parse(CorpusFiles.Read("orm_o01_latin1.hl7"));
        Assert.Equal("Lefèvre", new PidSegment(message.Segments[1]).PatientName!.FamilyName);
        Assert.Equal("Échographie abdominale", message.Segments[3].GetValue(4, 2));
    }

    [Fact]
    public void Other_8859_parts_are_supported()
    {
        var text = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||8859/2\rPID|1||7||Łódź\r";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(28592).GetBytes(text);
        var message = Hl7Message.Parse(bytes);
        Assert.Equal("Łódź", message.Segments[1].GetValue(5));
        Assert.Equal(bytes, message.ToBytes());
    }

    [Fact]
    public void Undeclared_charset_reads_utf8_then_falls_back_to_latin1()
    {
        var header = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5\rPID|1||7||";
        Assert.Equal("Zoë", Hl7Message.Parse(Encoding.UTF8.GetBytes(header + "Zoë\r")).Segments[1].GetValue(5));
        Assert.Equal("Zoë", Hl7Message.Parse(Encoding.Latin1.GetBytes(header + "Zoë\r")).Segments[1].GetValue(5));
    }

    [Fact]
    public void Unknown_charset_is_a_clear_error()
    {
        var bytes = Encoding.ASCII.GetBytes("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||EBCDIC\rPID|1\r");
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(bytes));
        Assert.Contains("EBCDIC", error.Message, StringComparison.Ordinal);
        Assert.Equal(Hl7ErrorCode.TableValueNotFound, error.ErrorCode);
        Assert.Equal(18, error.Location.Field);
    }

    [Theory]
    [InlineData("UTF-8", "UNICODE UTF-8")]
    [InlineData("UTF8", "UNICODE UTF-8")]
    [InlineData("utf-8", "UNICODE UTF-8")]
    [InlineData("ISO-8859-1", "8859/1")]
    [InlineData("ISO8859-1", "8859/1")]
    [InlineData("ISO_8859-1", "8859/1")]
    [InlineData("8859-1", "8859/1")]
    [InlineData("LATIN1", "8859/1")]
    [InlineData("US-ASCII", "ASCII")]
    [InlineData("iso-8859-2", "8859/2")]
    [InlineData("ISO-8859-15", "8859/15")]
    [InlineData("Latin-9", "8859/15")]
    [InlineData("LATIN5", "8859/9")]
    public void A_common_alias_reads_as_the_table_0211_charset_it_means_and_is_flagged(string alias, string standard)
    {
        var text = $"MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||{alias}\rPID|1||7||Zoe\r";
        var message = Hl7Message.Parse(Encoding.ASCII.GetBytes(text));

        Assert.Equal(standard, message.Charset.Name);
        Assert.Equal(alias, message.CharsetAlias);
        Assert.True(Hl7Charset.IsAlias(alias));
        Assert.Same(Hl7Charset.Find(standard), Hl7Charset.Find(alias));
    }

    [Fact]
    public void A_latin1_alias_decodes_latin1_bytes()
    {
        var bytes = Encoding.Latin1.GetBytes("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||ISO-8859-1\rPID|1||7||Lefèvre\r");
        Assert.Equal("Lefèvre", Hl7Message.Parse(bytes).Segments[1].GetValue(5));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ASCII")]
    [InlineData("8859/1")]
    [InlineData("8859/15")]
    [InlineData("UNICODE UTF-8")]
    public void A_table_0211_value_is_no_alias(string msh18)
    {
        var message = Hl7Message.Parse(Encoding.ASCII.GetBytes($"MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||{msh18}\rPID|1\r"));
        Assert.Null(message.CharsetAlias);
        Assert.False(Hl7Charset.IsAlias(msh18));
    }

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("CP1252")]
    [InlineData("UTF-16")]
    [InlineData("ISO-8859-10")]
    [InlineData("LATIN6")]
    [InlineData("8859/10")]
    public void A_name_that_is_no_alias_of_a_supported_charset_is_still_refused(string msh18)
    {
        var bytes = Encoding.ASCII.GetBytes($"MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||{msh18}\rPID|1\r");
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(bytes));
        Assert.Equal(Hl7ErrorCode.TableValueNotFound, error.ErrorCode);
        Assert.False(Hl7Charset.IsAlias(msh18));
    }

    [Fact]
    public void Invalid_utf8_under_a_utf8_declaration_is_an_error_not_a_replacement()
    {
        var bytes = Encoding.ASCII.GetBytes("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|1|P|2.5||||||UNICODE UTF-8\rPID|1||").Concat(new byte[] { 0xFF, 0x0D }).ToArray();
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(bytes));
        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
    }
}
