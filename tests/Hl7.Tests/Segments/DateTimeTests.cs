using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Tests.Segments;

public sealed class DateTimeTests
{
    [Theory]
    [InlineData("2024", Hl7DateTimePrecision.Year, "2024-01-01T00:00:00")]
    [InlineData("202403", Hl7DateTimePrecision.Month, "2024-03-01T00:00:00")]
    [InlineData("20240315", Hl7DateTimePrecision.Day, "2024-03-15T00:00:00")]
    [InlineData("2024031508", Hl7DateTimePrecision.Hour, "2024-03-15T08:00:00")]
    [InlineData("202403150830", Hl7DateTimePrecision.Minute, "2024-03-15T08:30:00")]
    [InlineData("20240315083015", Hl7DateTimePrecision.Second, "2024-03-15T08:30:15")]
    [InlineData("20240315083015.1234", Hl7DateTimePrecision.FractionOfSecond, "2024-03-15T08:30:15.1234")]
    public void Precision_is_kept_and_written_back(string text, Hl7DateTimePrecision precision, string local)
    {
        var value = Hl7DateTime.Parse(text);
        Assert.Equal(precision, value.Precision);
        Assert.Equal(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), value.LocalValue);
        Assert.Null(value.Offset);
        Assert.Null(value.ToDateTimeOffset());
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData("20240315083015+0100", 60)]
    [InlineData("20240315083015-0530", -330)]
    [InlineData("202403150830+0000", 0)]
    public void Utc_offset_is_read(string text, int minutes)
    {
        var value = Hl7DateTime.Parse(text);
        Assert.Equal(TimeSpan.FromMinutes(minutes), value.Offset);
        Assert.Equal(new DateTimeOffset(value.LocalValue, TimeSpan.FromMinutes(minutes)), value.ToDateTimeOffset());
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("20241")]
    [InlineData("20241301")]
    [InlineData("20230229")]
    [InlineData("2024031525")]
    [InlineData("20240315083015.")]
    [InlineData("20240315083015.12345")]
    [InlineData("20240315+01")]
    [InlineData("2024031a")]
    public void Invalid_values_are_rejected(string text)
    {
        Assert.False(Hl7DateTime.TryParse(text, out _));
    }

    [Fact]
    public void From_date_time_offset_truncates_to_the_precision()
    {
        var value = Hl7DateTime.FromDateTimeOffset(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2)), Hl7DateTimePrecision.Minute);
        Assert.Equal("202405060708+0200", value.ToString());
    }
}
