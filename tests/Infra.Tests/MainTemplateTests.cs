using System.Globalization;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Infra.Tests;

/// <summary>main.bicep with clinics in its <c>tenants</c> list: each is onboarded against this environment's resources.</summary>
public sealed class MainTemplateTests : IClassFixture<MainTemplateTests.Fixture>
{
    private static readonly (string Tenant, string PrincipalId, string ClientId)[] Clinics =
    [
        ("clinic-north", "0d1e2f3a-4b5c-4d6e-8f70-81920a1b2c3d", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
        ("clinic-south", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"),
    ];

    private readonly DeploymentSnapshot snapshot;

    public MainTemplateTests(Fixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        snapshot = fixture.Snapshot;
    }

    [Fact]
    public void Every_listed_clinic_gets_its_queues_and_containers_in_the_environments_namespace_and_account()
    {
        var bus = (string)snapshot.OnlyOne("Microsoft.ServiceBus/namespaces")["id"]!;
        var data = (string)Assert.Single(
            snapshot.OfType("Microsoft.Storage/storageAccounts"),
            account => !(bool)account["properties"]!["allowSharedKeyAccess"]!)["id"]!;

        foreach (var (text, _, _) in Clinics)
        {
            var tenant = TenantId.Parse(text);
            Assert.Contains(snapshot.Resources, r => (string)r["id"]! == $"{bus}/queues/{CloudResourceNames.IngressQueue(tenant)}");
            Assert.Contains(snapshot.Resources, r => (string)r["id"]! == $"{bus}/queues/{CloudResourceNames.EdgeQueue(tenant)}");
            Assert.Contains(snapshot.Resources, r => (string)r["id"]! == $"{data}/blobServices/default/containers/{CloudResourceNames.DicomContainer(tenant)}");
            Assert.Contains(snapshot.Resources, r => (string)r["id"]! == $"{data}/blobServices/default/containers/{CloudResourceNames.ClaimCheckContainer(tenant)}");
        }
    }

    [Fact]
    public void No_clinic_identity_holds_a_role_outside_its_own_tenants_resources()
    {
        foreach (var (text, principalId, _) in Clinics)
        {
            var roles = snapshot.RoleAssignments.Where(role => role.PrincipalId == principalId).ToArray();

            Assert.Equal(4, roles.Length);
            Assert.All(roles, role => Assert.EndsWith($"-{text}", role.Scope, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_tenant_roles_of_the_function_app_go_to_the_environments_function_identity()
    {
        var identity = (string)snapshot.OnlyOne("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        var clinicPrincipals = Clinics.Select(clinic => clinic.PrincipalId).ToHashSet();

        var functionRoles = snapshot.RoleAssignments.Where(role => !clinicPrincipals.Contains(role.PrincipalId)).ToArray();

        Assert.Equal(4 + (5 * Clinics.Length), functionRoles.Length);
        Assert.All(functionRoles, role => Assert.Contains($"'{identity}'", role.PrincipalId, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_clinic_has_a_named_onboarding_deployment_whose_outputs_are_its_settings()
    {
        Assert.Equal(
            $"[{string.Join(',', Clinics.Select(clinic => $"\"onboard-{clinic.Tenant}\""))}]",
            snapshot.Output("onboardingDeployments"));
    }

    /// <summary>One snapshot of main.bicep with two clinics.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public DeploymentSnapshot Snapshot { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var tenants = string.Join(
                "\n",
                Clinics.Select(clinic => string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {{ tenantId: '{clinic.Tenant}', edgeAgentPrincipalId: '{clinic.PrincipalId}', edgeAgentClientId: '{clinic.ClientId}' }}")));
            Snapshot = await DeploymentSnapshot.CreateAsync(InfraFiles.MainTemplate, $"""
                param environmentName = 'test'
                param apiAppClientId = '{BicepCli.SampleApiAppClientId}'
                param tenants = [
                {tenants}
                ]
                """);
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
