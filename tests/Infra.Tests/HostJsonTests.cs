using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Infra.Tests;

/// <summary>The repository-root host.json is what the deployment expects (routes, health check, no trigger extensions).</summary>
public sealed partial class HostJsonTests(PlatformSnapshots snapshots) : IClassFixture<PlatformSnapshots>
{
    private static readonly JsonNode Host = JsonNode.Parse(
        File.ReadAllText(RepositoryPaths.Combine("host.json")),
        documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;

    [Fact]
    public void It_is_a_functions_v4_host_file_without_an_extension_bundle()
    {
        Assert.Equal("2.0", (string?)Host["version"]);
        // .NET isolated apps compile their extensions in; a bundle is for script languages and would be ignored or fail.
        Assert.Null(Host["extensionBundle"]);
    }

    [Fact]
    public void It_configures_no_service_bus_trigger_because_the_consumer_is_a_hosted_service()
    {
        Assert.Null(Host["extensions"]?["serviceBus"]);
    }

    [Fact]
    public void Route_prefix_and_ping_route_match_the_health_check_and_the_api_base_uri()
    {
        var routePrefix = (string?)Host["extensions"]?["http"]?["routePrefix"] ?? "api";
        var site = snapshots["prod"].OnlyOne("Microsoft.Web/sites");
        var healthCheck = (string?)site["properties"]!["siteConfig"]!["healthCheckPath"];

        Assert.Equal($"/{routePrefix}/{PingRoute()}", healthCheck);
        Assert.EndsWith($", '{routePrefix}')]", snapshots["prod"].Output("apiBaseUri"), StringComparison.Ordinal);
    }

    [Fact]
    public void Function_timeout_is_bounded()
    {
        var timeout = TimeSpan.Parse((string)Host["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture);

        // Elastic Premium allows unbounded runs; a bound makes a hung timer or HTTP function visible instead.
        Assert.InRange(timeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(60));
    }

    // The ping function owns its route; reading the source keeps the health check honest without referencing the app.
    private static string PingRoute()
    {
        var source = File.ReadAllText(RepositoryPaths.Combine("functions", "App", "Http", "PingFunction.cs"));
        var match = RouteConstant().Match(source);
        Assert.True(match.Success, "functions/App/Http/PingFunction.cs no longer declares 'public const string Route = \"...\"'.");
        return match.Groups["route"].Value;
    }

    [GeneratedRegex("""public const string Route = "(?<route>[^"]+)";""", RegexOptions.CultureInvariant)]
    private static partial Regex RouteConstant();
}
