using System.Reflection;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Infra.Tests;

/// <summary>
/// Infrastructure and code cannot drift apart: the names in the compiled ARM JSON equal the constants in
/// <see cref="CloudResourceNames"/> and <see cref="EdgeAgentSettingNames"/>.
/// </summary>
public sealed class NameContractTests
{
    // Compiled once per test run: each bicep build takes a second or two.
    private static readonly Lazy<Task<CompiledTemplate>> Main = new(() => CompiledTemplate.BuildAsync(InfraFiles.MainTemplate));
    private static readonly Lazy<Task<CompiledTemplate>> Onboarding = new(() => CompiledTemplate.BuildAsync(InfraFiles.OnboardingModule));

    [Fact]
    public async Task Tables_are_exactly_the_tables_the_code_uses()
    {
        var main = await Main.Value;

        var tables = main.Variable("tableNames").AsArray().Select(node => (string)node!).ToArray();

        Assert.Equal(CloudResourceNames.Tables.All, tables);
    }

    [Fact]
    public async Task Function_app_settings_are_exactly_the_pipeline_setting_names()
    {
        var main = await Main.Value;

        var settings = main.Resource("functionApp")["properties"]!["parameters"]!["pipelineSettings"]!["value"]!.AsObject()
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal);

        Assert.Equal(ConstantsOf(typeof(CloudResourceNames.AppSettings)).Order(StringComparer.Ordinal), settings);
    }

    [Fact]
    public async Task Onboarding_outputs_are_exactly_the_edge_agent_onboarding_settings()
    {
        var onboarding = await Onboarding.Value;

        Assert.Equal(
            EdgeAgentSettingNames.OnboardingOutputs.Order(StringComparer.Ordinal),
            onboarding.OutputNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_onboarding_output_is_a_declared_edge_agent_setting()
    {
        var declared = ConstantsOf(typeof(EdgeAgentSettingNames));

        Assert.All(EdgeAgentSettingNames.OnboardingOutputs, name => Assert.Contains(name, declared));
        Assert.Equal(EdgeAgentSettingNames.OnboardingOutputs.Count, EdgeAgentSettingNames.OnboardingOutputs.Distinct().Count());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("clinic-north")]
    [InlineData("0123456789abcdefghijklmn")]
    public async Task Queue_and_container_names_are_the_ones_the_code_derives(string tenantText)
    {
        var tenant = TenantId.Parse(tenantText);
        var onboarding = await Onboarding.Value;

        string NameOf(string variable) =>
            CompiledTemplate.EvaluateFormat((string)onboarding.Variable(variable)!, "tenantId", tenant.Value);

        Assert.Equal(CloudResourceNames.IngressQueue(tenant), NameOf("ingressQueueName"));
        Assert.Equal(CloudResourceNames.EdgeQueue(tenant), NameOf("edgeQueueName"));
        Assert.Equal(CloudResourceNames.DicomContainer(tenant), NameOf("dicomContainerName"));
        Assert.Equal(CloudResourceNames.ClaimCheckContainer(tenant), NameOf("claimCheckContainerName"));
    }

    private static string[] ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToArray();
}
