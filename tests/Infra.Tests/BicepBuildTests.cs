using System.Text.Json.Nodes;

namespace CloudRisPacs.Infra.Tests;

/// <summary>Every template and parameter file compiles with the pinned bicep CLI, with no diagnostic of any level.</summary>
public sealed class BicepBuildTests
{
    [Theory]
    [MemberData(nameof(InfraFiles.TemplateData), MemberType = typeof(InfraFiles))]
    public async Task Template_builds_to_an_ARM_template_without_any_diagnostic(string template)
    {
        var result = await BicepCli.RunAsync("build", template, "--stdout");

        Assert.True(
            result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.StandardError),
            $"bicep build {template} exited with {result.ExitCode}:\n{result.StandardError}");
        var arm = JsonNode.Parse(result.StandardOutput)!;
        Assert.StartsWith("https://schema.management.azure.com/schemas/", (string)arm["$schema"]!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InfraFiles.ParameterFileData), MemberType = typeof(InfraFiles))]
    public async Task Parameter_file_builds_without_any_diagnostic(string parameterFile)
    {
        var result = await BicepCli.RunAsync("build-params", parameterFile, "--stdout");

        Assert.True(
            result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.StandardError),
            $"bicep build-params {parameterFile} exited with {result.ExitCode}:\n{result.StandardError}");
        var parameters = JsonNode.Parse((string)JsonNode.Parse(result.StandardOutput)!["parametersJson"]!)!["parameters"]!;
        Assert.Equal(BicepCli.SampleApiAppClientId, (string)parameters["apiAppClientId"]!["value"]!);
    }

    [Fact]
    public void There_is_a_parameter_file_for_dev_and_for_prod()
    {
        Assert.Contains(Path.Combine("parameters", "dev.bicepparam"), InfraFiles.ParameterFiles);
        Assert.Contains(Path.Combine("parameters", "prod.bicepparam"), InfraFiles.ParameterFiles);
    }
}
