using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Tests.Tenancy;

public sealed class TenantIdTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("clinic-north-1")]
    [InlineData("0123456789abcdefghijklmn")]
    public void Valid_ids_parse_and_name_every_resource_within_azure_limits(string text)
    {
        var tenant = TenantId.Parse(text);

        Assert.Equal(text, tenant.Value);
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", CloudResourceNames.IngressQueue(tenant));
        Assert.InRange(CloudResourceNames.ClaimCheckContainer(tenant).Length, 3, 63);
        Assert.InRange(CloudResourceNames.IngressQueue(tenant).Length, 3, 63);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Clinic")]
    [InlineData("-clinic")]
    [InlineData("clinic-")]
    [InlineData("clinic--north")]
    [InlineData("clinic_north")]
    [InlineData("0123456789abcdefghijklmno")]
    public void Invalid_ids_are_refused_with_the_rule(string text)
    {
        var error = Assert.Throws<FormatException>(() => TenantId.Parse(text));

        Assert.False(TenantId.TryParse(text, out _));
        Assert.Contains("tenant id", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Default_value_is_not_a_tenant()
    {
        Assert.Throws<InvalidOperationException>(() => default(TenantId).Value);
    }
}
