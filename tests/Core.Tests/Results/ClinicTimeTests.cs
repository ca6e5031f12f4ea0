using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;
using CloudRisPacs.Hl7.Validation;

namespace CloudRisPacs.Core.Tests.Results;

public sealed class ClinicTimeTests
{
    // Europe/Berlin went from +01:00 to +02:00 at 2025-03-30 01:00 UTC.
    private static readonly DateTimeOffset Winter = new(2025, 3, 30, 0, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Summer = new(2025, 3, 30, 1, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Report_and_completion_times_are_written_in_the_clinic_time_zone_with_the_offset_of_each_instant()
    {
        var berlin = new TenantSettings { TimeZone = "Europe/Berlin" };
        var order = ResultMessageBuilderTests.Order with { FirstImageAt = Winter };

        var oru = ResultMessageBuilderTests.Report([new("Impression", "Normal")], berlin, order, Summer);
        var completion = ResultMessageBuilderTests.Completion(berlin, order, Summer);

        Assert.Equal(
            ("20250330033000+0200", "20250330013000+0100", "20250330033000+0200", "20250330033000+0200"),
            (Field(oru, "MSH", 7), Field(oru, "OBR", 7), Field(oru, "OBR", 22), Field(oru, "OBX", 14)));
        Assert.Equal(("20250330033000+0200", "20250330013000+0100"), (Field(completion, "MSH", 7), Field(completion, "OBR", 7)));
        Assert.True(Hl7Validator.Validate(oru).IsValid, Hl7Validator.Validate(oru).ToString());
    }

    [Fact]
    public void A_fixed_offset_of_existing_settings_still_applies_to_every_time_and_a_time_zone_wins_over_it()
    {
        var fixedOffset = new TenantSettings { UtcOffset = TimeSpan.FromHours(1) };
        var both = fixedOffset with { TimeZone = "Europe/Berlin" };

        var oru = ResultMessageBuilderTests.Report([new(null, "Normal")], fixedOffset, at: Summer);
        var zoned = ResultMessageBuilderTests.Report([new(null, "Normal")], both, at: Summer);

        Assert.Equal(("20250330023000+0100", "20250330023000+0100"), (Field(oru, "MSH", 7), Field(oru, "OBX", 14)));
        Assert.Equal("20250330033000+0200", Field(zoned, "OBX", 14));
    }

    [Fact]
    public void HL7_times_without_an_offset_are_read_with_the_clinic_offset_of_that_date()
    {
        var clock = Policy(new TenantSettings { TimeZone = "Europe/Berlin" }).Clock;

        Assert.Equal(new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.FromHours(1)), clock.Read(Hl7DateTime.Parse("202501150900")));
        Assert.Equal(new DateTimeOffset(2025, 7, 15, 9, 0, 0, TimeSpan.FromHours(2)), clock.Read(Hl7DateTime.Parse("202507150900")));
        Assert.Equal(new DateTimeOffset(2025, 7, 15, 9, 0, 0, TimeSpan.Zero), clock.Read(Hl7DateTime.Parse("202507150900+0000")));
    }

    [Fact]
    public void An_unknown_time_zone_id_is_refused_with_a_message_naming_it()
    {
        var tenant = new TenantSettings { TimeZone = "Europe/Berlln" };

        var resolve = Assert.Throws<InvalidOperationException>(() => Policy(tenant));
        var problem = Assert.Single(tenant.Validate(TenantId.Parse("clinic-a")));
        var defaults = Assert.Single(new PipelineOptions { DefaultTimeZone = "CET+1" }.Validate());

        Assert.Contains("'Europe/Berlln'", resolve.Message, StringComparison.Ordinal);
        Assert.Contains("TimeZone 'Europe/Berlln' of tenant 'clinic-a' is not a known IANA time zone id", problem, StringComparison.Ordinal);
        Assert.Contains("Pipeline:DefaultTimeZone 'CET+1'", defaults, StringComparison.Ordinal);
    }

    private static TenantPolicy Policy(TenantSettings settings) => TenantPolicy.Resolve(TenantId.Parse("clinic-a"), new PipelineOptions(), settings);

    private static string Field(Hl7Message message, string segment, int field) =>
        message.GetSegments(segment).First().GetField(field).Raw.ToString();
}
