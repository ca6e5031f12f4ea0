using CloudRisPacs.Azure.Tables;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Watchdogs;
using CloudRisPacs.TestSupport;
using CloudRisPacs.Tools.Admin;

namespace CloudRisPacs.Functions.Tests;

/// <summary>
/// <c>cloudrispacs-admin onboard</c> against Azurite standing in for the deployment's account: what Bicep leaves behind
/// has no tenant row, so before it the bus consumer has no channel for the clinic and nothing watches it.
/// </summary>
public sealed class AdminOnboardCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private AzureTableStore Tables => new(azurite.TableService, new StorageRoundTrips());

    [Fact]
    public async Task Onboarding_a_clinic_makes_its_ingress_queue_a_channel_and_registers_its_edge_agent()
    {
        var tenant = TenantId.Parse("n" + Guid.NewGuid().ToString("N")[..12]);
        var edgeClient = Guid.NewGuid().ToString();

        var (exit, output, error) = await RunAsync("onboard", "--tenant", tenant.Value, "--display-name", "Clinic North",
            "--edge-client-id", edgeClient, "--connection-string", azurite.ConnectionString);

        Assert.True(exit == 0, error);
        Assert.Contains(CloudResourceNames.IngressQueue(tenant), output, StringComparison.Ordinal);
        var channels = await new TenantRegistryChannelSource(new TenantRegistry(Tables)).GetChannelsAsync(default);
        Assert.Contains(channels, c => c.Name == CloudResourceNames.IngressQueue(tenant) && c.Tenant == tenant);
        Assert.Contains((tenant, edgeClient, ApiRoles.EdgeAgent), await new EdgeAgentRegistry(Tables).ListClientsAsync(default).ToListAsync());
    }

    [Fact]
    public async Task Onboarding_again_keeps_the_tenants_settings_and_re_enables_it()
    {
        var tenant = TenantId.Parse("n" + Guid.NewGuid().ToString("N")[..12]);
        Assert.Equal(0, (await RunAsync("onboard", "--tenant", tenant.Value, "--connection-string", azurite.ConnectionString)).Exit);
        var registry = new TenantRegistry(Tables);
        var first = (await registry.FindAsync(tenant))!;
        var tuned = first with { Enabled = false, Settings = new TenantSettings { MappingProfile = "north" } };
        await registry.RegisterAsync(tuned);

        var (exit, _, error) = await RunAsync("onboard", "--tenant", tenant.Value, "--connection-string", azurite.ConnectionString);

        Assert.True(exit == 0, error);
        var again = (await new TenantRegistry(Tables).FindAsync(tenant))!;
        Assert.Equal(tuned with { Enabled = true }, again with { RegisteredAt = tuned.RegisteredAt });
        Assert.Equal(first.RegisteredAt, again.RegisteredAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_client_id_of_another_clinic_is_refused_and_the_clinic_is_not_enabled()
    {
        var owner = TenantId.Parse("n" + Guid.NewGuid().ToString("N")[..12]);
        var other = TenantId.Parse("n" + Guid.NewGuid().ToString("N")[..12]);
        var client = Guid.NewGuid().ToString();
        Assert.Equal(0, (await RunAsync("onboard", "--tenant", owner.Value, "--edge-client-id", client, "--connection-string", azurite.ConnectionString)).Exit);

        var (exit, _, error) = await RunAsync("onboard", "--tenant", other.Value, "--edge-client-id", client, "--connection-string", azurite.ConnectionString);

        Assert.Equal(1, exit);
        Assert.Contains(owner.Value, error, StringComparison.Ordinal);
        Assert.Null(await new TenantRegistry(Tables).FindAsync(other));
    }

    [Theory]
    [InlineData("onboard", "--tenant", "Clinic_North", "--connection-string", "UseDevelopmentStorage=true")]
    [InlineData("onboard", "--tenant", "clinic-north")]
    [InlineData("onboard", "--tenant", "clinic-north", "--edge-client-id", "not-a-guid", "--connection-string", "UseDevelopmentStorage=true")]
    [InlineData("offboard", "--tenant", "clinic-north")]
    public async Task A_bad_command_line_is_a_usage_error(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("usage: cloudrispacs-admin onboard", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AdminCommands.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
