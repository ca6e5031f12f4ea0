using CloudRisPacs.Edge.Check;
using CloudRisPacs.Edge.Configuration;
using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.EdgeAgent.Tests.Configuration;

/// <summary>
/// The cloud uses only the names it derives from the tenant: an agent configured with another edge queue never receives
/// the cloud's results, and one with another ingress queue or DICOM container sends into the void.
/// </summary>
public sealed class DerivedCloudNameTests
{
    [Theory]
    [InlineData("EdgeQueue", "edge-clinic-b", "edge-clinic-a")]
    [InlineData("IngressQueue", "ingress-main", "ingress-clinic-a")]
    [InlineData("DicomContainer", "dicom-images", "dicom-clinic-a")]
    public async Task A_cloud_name_other_than_the_tenants_is_a_configuration_error_at_start_and_in_check(string setting, string configured, string derived)
    {
        var configuration = LocalSite((setting, configured));

        var (options, problems) = EdgeAgentConfiguration.Read(configuration);

        Assert.Null(options);
        var problem = Assert.Single(problems);
        Assert.Contains($"Cloud:{setting} '{configured}' must be '{derived}'", problem, StringComparison.Ordinal);
        var check = Assert.Single(await ConnectivityCheck.RunAsync(configuration, CancellationToken.None));
        Assert.False(check.Passed);
        Assert.Equal(problem, check.Detail);
    }

    [Fact]
    public void The_derived_names_spelled_out_are_accepted()
    {
        var configuration = LocalSite(("EdgeQueue", "edge-clinic-a"), ("IngressQueue", "ingress-clinic-a"), ("DicomContainer", "dicom-clinic-a"));

        var (options, problems) = EdgeAgentConfiguration.Read(configuration);

        Assert.Empty(problems);
        Assert.Equal("edge-clinic-a", EdgeSite.From(options!).Edge.Name);
    }

    /// <summary>A valid local-mode site of tenant clinic-a with the given <c>Cloud</c> settings.</summary>
    private static IConfiguration LocalSite(params (string Setting, string Value)[] cloud)
    {
        var values = new Dictionary<string, string?>
        {
            ["EdgeAgent:TenantId"] = "clinic-a",
            ["EdgeAgent:SiteId"] = "main",
            ["EdgeAgent:DataFolder"] = "/tmp/x",
            ["EdgeAgent:Cloud:Mode"] = "StorageQueues",
            ["EdgeAgent:Cloud:StorageConnectionString"] = "UseDevelopmentStorage=true",
            ["EdgeAgent:Dicom:AllowAnyCallingAeTitle"] = "true",
        };
        foreach (var (setting, value) in cloud)
        {
            values[$"EdgeAgent:Cloud:{setting}"] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
