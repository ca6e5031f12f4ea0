using System.Globalization;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Infra.Tests;

/// <summary>
/// The onboarding module evaluated offline for one clinic: what it creates, who may touch it, and the settings it
/// hands to the edge agent.
/// </summary>
public sealed class TenantOnboardingTests : IClassFixture<TenantOnboardingTests.Fixture>
{
    public const string Tenant = "clinic-north";
    public const string EdgePrincipalId = "3c9e1f2a-5b7d-4e60-8a1c-2d4f6b8e0a13";
    public const string EdgeClientId = "7a2d4c6e-8f10-4b32-9c54-6e7f8a9b0c1d";
    public const string ServiceBusName = "sb-crp-test-abc";
    public const string StorageName = "stcrptestabc";
    public const string FunctionAppName = "func-crp-test-abc";
    public const string FunctionIdentityName = "id-crp-test-func";
    public const string ApiAudience = "api://cloudrispacs-test";

    private readonly DeploymentSnapshot snapshot;
    private readonly TenantId tenant = TenantId.Parse(Tenant);

    public TenantOnboardingTests(Fixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        snapshot = fixture.Snapshot;
    }

    private static string NamespaceId => $"{DeploymentSnapshot.ResourceGroupId}/providers/Microsoft.ServiceBus/namespaces/{ServiceBusName}";

    private static string ContainersId => $"{DeploymentSnapshot.ResourceGroupId}/providers/Microsoft.Storage/storageAccounts/{StorageName}/blobServices/default/containers";

    private string IngressQueueId => $"{NamespaceId}/queues/{CloudResourceNames.IngressQueue(tenant)}";

    private string EdgeQueueId => $"{NamespaceId}/queues/{CloudResourceNames.EdgeQueue(tenant)}";

    private string DicomContainerId => $"{ContainersId}/{CloudResourceNames.DicomContainer(tenant)}";

    private string ClaimCheckContainerId => $"{ContainersId}/{CloudResourceNames.ClaimCheckContainer(tenant)}";

    [Fact]
    public void It_creates_the_tenants_two_queues_and_two_containers_and_nothing_else_but_role_assignments()
    {
        var created = snapshot.Resources
            .Where(resource => (string?)resource["type"] != "Microsoft.Authorization/roleAssignments")
            .Select(resource => (string)resource["id"]!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            new[] { IngressQueueId, EdgeQueueId, DicomContainerId, ClaimCheckContainerId }.Order(StringComparer.Ordinal),
            created);
        Assert.Empty(snapshot.Diagnostics);
    }

    [Fact]
    public void Edge_agent_may_send_to_its_ingress_queue_receive_from_its_edge_queue_and_write_its_two_containers_only()
    {
        var edgeRoles = snapshot.RoleAssignments.Where(role => role.PrincipalId == EdgePrincipalId).ToHashSet();

        Assert.Equal(
            new HashSet<RoleAssignment>
            {
                new(IngressQueueId, BuiltInRoles.ServiceBusDataSender, EdgePrincipalId),
                new(EdgeQueueId, BuiltInRoles.ServiceBusDataReceiver, EdgePrincipalId),
                new(DicomContainerId, BuiltInRoles.StorageBlobDataContributor, EdgePrincipalId),
                new(ClaimCheckContainerId, BuiltInRoles.StorageBlobDataContributor, EdgePrincipalId),
            },
            edgeRoles);
    }

    [Fact]
    public void Function_app_gets_this_tenants_queues_and_containers_scoped_per_resource()
    {
        var functionRoles = snapshot.RoleAssignments
            .Where(role => role.PrincipalId != EdgePrincipalId)
            .Select(role => (role.Scope, role.RoleDefinitionId))
            .ToHashSet();

        Assert.Equal(
            new HashSet<(string, string)>
            {
                (IngressQueueId, BuiltInRoles.ServiceBusDataReceiver),
                (EdgeQueueId, BuiltInRoles.ServiceBusDataSender),
                (EdgeQueueId, BuiltInRoles.ServiceBusDataReceiver),
                (DicomContainerId, BuiltInRoles.StorageBlobDataReader),
                (ClaimCheckContainerId, BuiltInRoles.StorageBlobDataContributor),
            },
            functionRoles);
        Assert.All(
            snapshot.RoleAssignments.Where(role => role.PrincipalId != EdgePrincipalId),
            role => Assert.Contains($"userAssignedIdentities/{FunctionIdentityName}'", role.PrincipalId, StringComparison.Ordinal));
    }

    [Fact]
    public void Role_assignments_have_stable_unique_names_and_name_the_principal_type()
    {
        var assignments = snapshot.OfType("Microsoft.Authorization/roleAssignments").ToArray();

        Assert.All(assignments, assignment =>
        {
            Assert.True(Guid.TryParse((string)assignment["name"]!, out _));
            Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        });
        Assert.Equal(assignments.Length, assignments.Select(assignment => (string)assignment["name"]!).Distinct().Count());
    }

    [Fact]
    public void Ingress_queue_keeps_patient_order_drops_duplicates_and_dead_letters()
    {
        var properties = snapshot.Named("Microsoft.ServiceBus/namespaces/queues", CloudResourceNames.IngressQueue(tenant))["properties"]!;

        Assert.True((bool)properties["requiresSession"]!);
        Assert.True((bool)properties["requiresDuplicateDetection"]!);
        Assert.Equal("PT1H", (string?)properties["duplicateDetectionHistoryTimeWindow"]);
        Assert.True((bool)properties["deadLetteringOnMessageExpiration"]!);
        Assert.Equal(10, (int)properties["maxDeliveryCount"]!);
        Assert.Equal("P14D", (string?)properties["defaultMessageTimeToLive"]);
    }

    [Fact]
    public void Edge_queue_has_a_single_consumer_without_sessions_and_dead_letters_expired_messages()
    {
        var properties = snapshot.Named("Microsoft.ServiceBus/namespaces/queues", CloudResourceNames.EdgeQueue(tenant))["properties"]!;

        Assert.False((bool)properties["requiresSession"]!);
        Assert.True((bool)properties["requiresDuplicateDetection"]!);
        Assert.True((bool)properties["deadLetteringOnMessageExpiration"]!);
        Assert.Equal(10, (int)properties["maxDeliveryCount"]!);
    }

    [Fact]
    public void Containers_are_private()
    {
        Assert.All(
            snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            container => Assert.Equal("None", (string?)container["properties"]!["publicAccess"]));
    }

    [Fact]
    public void Outputs_are_the_edge_agent_settings_with_the_tenants_values()
    {
        Assert.Equal(
            EdgeAgentSettingNames.OnboardingOutputs.Order(StringComparer.Ordinal),
            snapshot.Outputs.Keys.Order(StringComparer.Ordinal));

        Assert.Equal(Tenant, snapshot.Output(EdgeAgentSettingNames.TenantId));
        // EdgeAgentSettingNames.CloudMode documents the two modes; Azure is ServiceBus.
        Assert.Equal("ServiceBus", snapshot.Output(EdgeAgentSettingNames.CloudMode));
        Assert.Equal(CloudResourceNames.IngressQueue(tenant), snapshot.Output(EdgeAgentSettingNames.IngressQueue));
        Assert.Equal(CloudResourceNames.EdgeQueue(tenant), snapshot.Output(EdgeAgentSettingNames.EdgeQueue));
        Assert.Equal(CloudResourceNames.DicomContainer(tenant), snapshot.Output(EdgeAgentSettingNames.DicomContainer));
        Assert.Equal(CloudResourceNames.ClaimCheckContainer(tenant), snapshot.Output(EdgeAgentSettingNames.ClaimCheckContainer));
        Assert.Equal(ApiAudience, snapshot.Output(EdgeAgentSettingNames.ApiAudience));
        Assert.Equal(DeploymentSnapshot.EntraTenantId, snapshot.Output(EdgeAgentSettingNames.EntraTenantId));
        Assert.Equal(EdgeClientId, snapshot.Output(EdgeAgentSettingNames.ClientId));

        // These come from the deployed resources; the expression must at least read the right one.
        Assert.Contains($"namespaces/{ServiceBusName}'", snapshot.Output(EdgeAgentSettingNames.ServiceBusNamespace), StringComparison.Ordinal);
        Assert.Contains($"storageAccounts/{StorageName}'", snapshot.Output(EdgeAgentSettingNames.BlobServiceUri), StringComparison.Ordinal);
        Assert.Contains($"sites/{FunctionAppName}'", snapshot.Output(EdgeAgentSettingNames.ApiBaseUri), StringComparison.Ordinal);
    }

    /// <summary>One snapshot of the module for the whole class (bicep takes a second or two per run).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public DeploymentSnapshot Snapshot { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Snapshot = await DeploymentSnapshot.CreateAsync(InfraFiles.OnboardingModule, string.Create(CultureInfo.InvariantCulture, $"""
                param tenantId = '{Tenant}'
                param edgeAgentPrincipalId = '{EdgePrincipalId}'
                param edgeAgentClientId = '{EdgeClientId}'
                param serviceBusName = '{ServiceBusName}'
                param dataStorageName = '{StorageName}'
                param functionAppName = '{FunctionAppName}'
                param functionIdentityName = '{FunctionIdentityName}'
                param apiAudience = '{ApiAudience}'
                param duplicateDetectionWindow = 'PT1H'
                param messageTimeToLive = 'P14D'
                param maxDeliveryCount = 10
                """));
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
