using System.Text.Json.Nodes;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Infra.Tests;

/// <summary>The security model of the platform, checked on what dev and prod would actually deploy.</summary>
public sealed class PlatformSecurityTests(PlatformSnapshots snapshots) : IClassFixture<PlatformSnapshots>
{
    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Data_storage_accepts_only_entra_id_over_tls_1_2_and_https_with_no_public_blobs(string environment)
    {
        var data = DataStorage(snapshots[environment])["properties"]!;

        Assert.False((bool)data["allowSharedKeyAccess"]!);
        Assert.False((bool)data["allowBlobPublicAccess"]!);
        Assert.True((bool)data["supportsHttpsTrafficOnly"]!);
        Assert.True((bool)data["defaultToOAuthAuthentication"]!);
        Assert.Equal("TLS1_2", (string?)data["minimumTlsVersion"]);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Only_the_runtime_account_allows_shared_keys_and_it_holds_no_tables_or_containers(string environment)
    {
        var snapshot = snapshots[environment];
        var runtime = snapshot.OfType("Microsoft.Storage/storageAccounts")
            .Where(account => (bool)account["properties"]!["allowSharedKeyAccess"]!)
            .Select(account => (string)account["name"]!)
            .ToArray();

        var runtimeName = Assert.Single(runtime);
        Assert.Equal((string?)AppSetting(snapshot, "AzureWebJobsStorage__accountName"), runtimeName);
        Assert.DoesNotContain(
            snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables")
                .Concat(snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")),
            resource => ((string)resource["name"]!).StartsWith(runtimeName + "/", StringComparison.Ordinal));
        Assert.False((bool)snapshot.Named("Microsoft.Storage/storageAccounts", runtimeName)["properties"]!["allowBlobPublicAccess"]!);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Data_storage_has_exactly_the_pipeline_tables(string environment)
    {
        var snapshot = snapshots[environment];
        var dataName = (string)DataStorage(snapshot)["name"]!;

        var tables = snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables")
            .Select(table => (string)table["name"]!)
            .ToArray();

        Assert.Equal(CloudResourceNames.Tables.All.Select(table => $"{dataName}/default/{table}"), tables);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Service_bus_is_standard_or_better_with_local_auth_disabled(string environment)
    {
        var bus = snapshots[environment].OnlyOne("Microsoft.ServiceBus/namespaces");

        Assert.Contains((string?)bus["sku"]!["name"], new[] { "Standard", "Premium" });
        Assert.True((bool)bus["properties"]!["disableLocalAuth"]!);
        Assert.Equal("1.2", (string?)bus["properties"]!["minimumTlsVersion"]);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Key_vault_uses_rbac_with_soft_delete_and_purge_protection(string environment)
    {
        var vault = snapshots[environment].OnlyOne("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.Null(vault["accessPolicies"]);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Telemetry_is_workspace_based_and_accepts_only_entra_id(string environment)
    {
        var snapshot = snapshots[environment];
        var component = snapshot.OnlyOne("Microsoft.Insights/components")["properties"]!;
        var workspace = snapshot.OnlyOne("Microsoft.OperationalInsights/workspaces");

        Assert.True((bool)component["DisableLocalAuth"]!);
        Assert.Equal((string?)workspace["id"], (string?)component["WorkspaceResourceId"]);
        Assert.True((bool)workspace["properties"]!["features"]!["disableLocalAuth"]!);
        var authentication = AppSetting(snapshot, "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD', reference(", authentication, StringComparison.Ordinal);
        Assert.Contains("/userAssignedIdentities/id-crp-", authentication, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Every_read_and_write_of_the_data_accounts_blobs_and_tables_is_logged_to_the_workspace(string environment)
    {
        var snapshot = snapshots[environment];
        var workspace = (string?)snapshot.OnlyOne("Microsoft.OperationalInsights/workspaces")["id"];
        var data = DeploymentSnapshot.ResourceGroupId + "/providers/Microsoft.Storage/storageAccounts/" + (string)DataStorage(snapshot)["name"]!;

        foreach (var service in new[] { "blobServices", "tableServices" })
        {
            var setting = Assert.Single(
                snapshot.OfType("Microsoft.Insights/diagnosticSettings"),
                s => ((string)s["id"]!).StartsWith($"{data}/{service}/default/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.OrdinalIgnoreCase))["properties"]!;
            Assert.Equal(workspace, (string?)setting["workspaceId"]);
            var audit = Assert.Single(setting["logs"]!.AsArray(), log => (string?)log!["categoryGroup"] == "audit")!;
            Assert.True((bool)audit["enabled"]!);
            var transactions = Assert.Single(setting["metrics"]!.AsArray(), metric => (string?)metric!["category"] == "Transaction")!;
            Assert.True((bool)transactions["enabled"]!);
        }
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Function_app_runs_dotnet_isolated_on_elastic_premium_with_always_ready_instances(string environment)
    {
        var snapshot = snapshots[environment];
        var plan = snapshot.OnlyOne("Microsoft.Web/serverfarms");
        var siteConfig = FunctionApp(snapshot)["properties"]!["siteConfig"]!;

        Assert.Equal("ElasticPremium", (string?)plan["sku"]!["tier"]);
        Assert.StartsWith("EP", (string?)plan["sku"]!["name"], StringComparison.Ordinal);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        var alwaysReady = (int)siteConfig["minimumElasticInstanceCount"]!;
        Assert.InRange(alwaysReady, environment == "prod" ? 2 : 1, 20);
        Assert.Equal(alwaysReady, (int)plan["sku"]!["capacity"]!);
        Assert.Equal("DOTNET-ISOLATED|10.0", (string?)siteConfig["linuxFxVersion"]);
        Assert.Equal("dotnet-isolated", AppSetting(snapshot, "FUNCTIONS_WORKER_RUNTIME"));
        Assert.Equal("~4", AppSetting(snapshot, "FUNCTIONS_EXTENSION_VERSION"));
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void App_settings_hold_no_keys_and_no_functions_setting_beyond_runtime_and_version(string environment)
    {
        var settings = AppSettings(FunctionApp(snapshots[environment]));

        Assert.All(settings, setting =>
        {
            Assert.DoesNotContain("AccountKey", setting.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessKey", setting.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", setting.Value, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal(
            new[] { "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME" },
            settings.Keys.Where(name => name.StartsWith("FUNCTIONS_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', reference(", settings["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"], StringComparison.Ordinal);
        Assert.Equal("1", settings["WEBSITE_SKIP_CONTENTSHARE_VALIDATION"]);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void App_settings_carry_every_pipeline_setting(string environment)
    {
        var settings = AppSettings(FunctionApp(snapshots[environment]));

        Assert.Equal(
            new[]
            {
                CloudResourceNames.AppSettings.ManagedIdentityClientId, CloudResourceNames.AppSettings.ServiceBusNamespace,
                CloudResourceNames.AppSettings.BlobServiceUri, CloudResourceNames.AppSettings.TableServiceUri,
                CloudResourceNames.AppSettings.ApiClientId, CloudResourceNames.AppSettings.ApiAudience, CloudResourceNames.AppSettings.ApiAuthority,
            }.Order(StringComparer.Ordinal),
            settings.Keys.Where(name => name.StartsWith("CloudRisPacs__", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // v2 access tokens carry the client id as aud, so the app must know it (not only the api:// URI).
        Assert.Equal(BicepCli.SampleApiAppClientId, settings[CloudResourceNames.AppSettings.ApiClientId]);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Function_app_is_https_only_without_ftp_or_publishing_passwords_and_requires_entra_tokens(string environment)
    {
        var snapshot = snapshots[environment];
        var site = FunctionApp(snapshot);
        var auth = snapshot.OnlyOne("Microsoft.Web/sites/config")["properties"]!;

        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        Assert.Equal("Disabled", (string?)site["properties"]!["siteConfig"]!["ftpsState"]);
        Assert.All(
            snapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            policy => Assert.False((bool)policy["properties"]!["allow"]!));
        Assert.Equal(2, snapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").Count());
        Assert.True((bool)auth["globalValidation"]!["requireAuthentication"]!);
        Assert.Equal("Return401", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.Equal(
            new[] { (string?)site["properties"]!["siteConfig"]!["healthCheckPath"] },
            auth["globalValidation"]!["excludedPaths"]!.AsArray().Select(path => (string?)path));
        Assert.Equal(
            $"api://{BicepCli.SampleApiAppClientId}",
            (string?)auth["identityProviders"]!["azureActiveDirectory"]!["validation"]!["allowedAudiences"]![0]);
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Function_identity_has_exactly_the_platform_roles_it_needs(string environment)
    {
        var snapshot = snapshots[environment];
        var data = DeploymentSnapshot.ResourceGroupId + "/providers/Microsoft.Storage/storageAccounts/" + (string)DataStorage(snapshot)["name"]!;
        var runtime = DeploymentSnapshot.ResourceGroupId + "/providers/Microsoft.Storage/storageAccounts/" + AppSetting(snapshot, "AzureWebJobsStorage__accountName");
        var secret = (string)snapshot.OnlyOne("Microsoft.KeyVault/vaults/secrets")["id"]!;
        var telemetry = (string)snapshot.OnlyOne("Microsoft.Insights/components")["id"]!;

        var roles = snapshot.RoleAssignments.Select(role => (role.Scope, role.RoleDefinitionId)).ToHashSet();

        Assert.Equal(
            new HashSet<(string, string)>
            {
                (data, BuiltInRoles.StorageTableDataContributor),
                (runtime, BuiltInRoles.StorageBlobDataOwner),
                (secret, BuiltInRoles.KeyVaultSecretsUser),
                (telemetry, BuiltInRoles.MonitoringMetricsPublisher),
            },
            roles);
        Assert.All(snapshot.RoleAssignments, role => Assert.Contains("/userAssignedIdentities/id-crp-", role.PrincipalId, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PlatformSnapshots.Environments), MemberType = typeof(PlatformSnapshots))]
    public void Outputs_contain_no_secrets(string environment)
    {
        Assert.All(snapshots[environment].Outputs, output =>
        {
            var text = output.Value?.ToJsonString() ?? string.Empty;
            Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ConnectionString", text, StringComparison.OrdinalIgnoreCase);
        });
    }

    private static JsonObject DataStorage(DeploymentSnapshot snapshot) =>
        Assert.Single(snapshot.OfType("Microsoft.Storage/storageAccounts"), account => !(bool)account["properties"]!["allowSharedKeyAccess"]!);

    private static JsonObject FunctionApp(DeploymentSnapshot snapshot) => snapshot.OnlyOne("Microsoft.Web/sites");

    private static Dictionary<string, string> AppSettings(JsonObject site) =>
        site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(setting => (string)setting!["name"]!, setting => (string)setting!["value"]!, StringComparer.Ordinal);

    private static string? AppSetting(DeploymentSnapshot snapshot, string name) =>
        AppSettings(FunctionApp(snapshot)).GetValueOrDefault(name);
}
