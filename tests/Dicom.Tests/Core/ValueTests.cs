using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Tests.IO;

namespace CloudRisPacs.Dicom.Tests.Core;

public sealed class ValueTests
{
    [Theory]
    [InlineData("20240229", 2024, 2, 29, DicomDateTimePrecision.Day)]
    [InlineData("1999.12.31", 1999, 12, 31, DicomDateTimePrecision.Day)]
    [InlineData("202403", 2024, 3, 1, DicomDateTimePrecision.Month)]
    [InlineData("2024", 2024, 1, 1, DicomDateTimePrecision.Year)]
    public void Dates_parse_with_their_precision(string text, int year, int month, int day, DicomDateTimePrecision precision)
    {
        var date = DicomDate.Parse(text);

        Assert.Equal((year, month, day, precision), (date.Year, date.Month, date.Day, date.Precision));
    }

    [Theory]
    [InlineData("20230229")]
    [InlineData("2024131")]
    [InlineData("abcdefgh")]
    [InlineData("")]
    public void Invalid_dates_do_not_parse(string text) => Assert.False(DicomDate.TryParse(text, out _));

    [Theory]
    [InlineData("07", "07", DicomDateTimePrecision.Hour, 0)]
    [InlineData("0730", "0730", DicomDateTimePrecision.Minute, 0)]
    [InlineData("073015", "073015", DicomDateTimePrecision.Second, 0)]
    [InlineData("073015.1", "073015.1", DicomDateTimePrecision.Fraction, 1)]
    [InlineData("073015.123456", "073015.123456", DicomDateTimePrecision.Fraction, 6)]
    [InlineData("07:30:15.5", "073015.5", DicomDateTimePrecision.Fraction, 1)]
    [InlineData("235960", "235960", DicomDateTimePrecision.Second, 0)]
    public void Times_keep_precision_and_fraction_digits(string text, string formatted, DicomDateTimePrecision precision, int digits)
    {
        var time = DicomTime.Parse(text);

        Assert.Equal(precision, time.Precision);
        Assert.Equal(digits, time.FractionDigits);
        Assert.Equal(formatted, time.ToString());
    }

    [Fact]
    public void Date_times_keep_their_offset()
    {
        var value = DicomDateTime.Parse("20240315143000.25-0500");

        Assert.Equal(TimeSpan.FromHours(-5), value.Offset);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 14, 30, 0, 250, TimeSpan.FromHours(-5)), value.ToDateTimeOffset());
        Assert.Equal("20240315143000.25-0500", value.ToString());
        Assert.Equal(DicomDateTimePrecision.Year, DicomDateTime.Parse("2024").Precision);
        Assert.False(DicomDateTime.TryParse("2024031514300", out _));
    }

    [Theory]
    [InlineData("2024.03.15", "20240315")]
    [InlineData("2024.03.01-2024.03.31", "20240301-20240331")]
    [InlineData("-2024.03.31\\20240401", "-20240331\\20240401")]
    [InlineData("2024.13.45", "2024.13.45")]
    [InlineData("20240315", "20240315")]
    public void Dates_in_the_ACR_NEMA_form_are_standardized_values_and_range_ends_alike(string text, string standard) =>
        Assert.Equal(standard, DicomDate.Standardize(text));

    [Fact]
    public void A_negative_zero_offset_is_read_as_utc_and_never_written()
    {
        // PS3.5 table 6.2-1: the offset for UTC is +0000; -0000 is not allowed.
        var read = DicomDatasetReader.Read(new Bytes().Explicit(0x0008, 0x002A, "DT", "20240315100000-0000 ").ToArray(), DicomTransferSyntax.ExplicitVRLittleEndian).Dataset;
        var value = read.GetDateTime(DicomTag.AcquisitionDateTime)!.Value;

        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal("20240315100000+0000", value.ToString());
        var dataset = new DicomDataset();
        Assert.Throws<ArgumentException>(() => dataset.SetString(DicomTag.AcquisitionDateTime, "20240315100000-0000"));
        Assert.Throws<ArgumentException>(() => dataset.SetString(DicomTag.AcquisitionDateTime, "20240315100000-0000-20240316"));
        Assert.Equal("20240315100000+0000", dataset.SetDateTime(DicomTag.AcquisitionDateTime, value).GetString(DicomTag.AcquisitionDateTime));
    }

    [Fact]
    public void Person_names_have_groups_and_components()
    {
        var name = DicomPersonName.Parse("Yamada^Tarou=山田^太郎=やまだ^たろう");

        Assert.Equal("Yamada", name.FamilyName);
        Assert.Equal("太郎", name.Ideographic.GivenName);
        Assert.Equal("やまだ", name.Phonetic.FamilyName);
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", name.ToString());
        Assert.Equal("Smith^John^^Dr", new DicomPersonName("Smith", "John", namePrefix: "Dr").ToString());
        Assert.True(DicomPersonName.Parse("^^^^").IsEmpty);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(-741.87, "-741.87")]
    [InlineData(1099.3100585938, "1099.3100585938")]
    [InlineData(1.0 / 3.0, "0.33333333333333")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(123456789012345678.0, "1.2345678901E+17")]
    public void Decimal_strings_fit_16_characters(double value, string expected)
    {
        var text = DicomNumberText.FormatDecimal(value);

        Assert.Equal(expected, text);
        Assert.True(text.Length <= 16);
    }

    [Fact]
    public void Integer_strings_are_range_checked()
    {
        Assert.Equal("-2147483648", DicomNumberText.FormatInteger(int.MinValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomNumberText.FormatInteger(1L << 31));
        Assert.True(DicomNumberText.TryParseInteger(" +12 ", out var twelve) && twelve == 12);
        Assert.True(DicomNumberText.TryParseInteger("12.000", out _));
        Assert.False(DicomNumberText.TryParseInteger("1A", out _));
    }

    [Theory]
    [InlineData("1", 1, 1, 1)]
    [InlineData("1-3", 1, 3, 1)]
    [InlineData("1-n", 1, int.MaxValue, 1)]
    [InlineData("2-2n", 2, int.MaxValue, 2)]
    public void Value_multiplicities_parse(string text, int min, int max, int step)
    {
        var vm = DicomValueMultiplicity.Parse(text);

        Assert.Equal(new DicomValueMultiplicity(min, max, step), vm);
        Assert.Equal(text, vm.ToString());
    }
}
