using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudRisPacs.Infra.Tests;

/// <summary>
/// The linter passes with bicepconfig.json raising the security and hygiene rules to error - and that configuration is
/// really in force: a template that breaks those rules fails.
/// </summary>
public sealed class BicepLintTests
{
    // The rules the issue names, plus the other secret- and drift-related ones; each must be an error.
    public static TheoryData<string> RequiredErrorRules => new()
    {
        "secure-secrets-in-params",
        "outputs-should-not-contain-secrets",
        "secure-parameter-default",
        "secure-params-in-nested-deploy",
        "use-secure-value-for-secure-inputs",
        "no-hardcoded-env-urls",
        "no-hardcoded-location",
        "no-unused-params",
        "no-unused-vars",
        "no-unused-existing-resources",
        "no-unnecessary-dependson",
        "use-stable-resource-identifiers",
        "use-recent-api-versions",
        "use-resource-symbol-reference",
        "use-parent-property",
        "what-if-short-circuiting",
    };

    [Fact]
    public async Task Every_template_lints_without_any_diagnostic()
    {
        var result = await BicepCli.RunAsync("lint", "--pattern", "**/*.bicep");

        Assert.True(
            result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.StandardError) && string.IsNullOrWhiteSpace(result.StandardOutput),
            $"bicep lint exited with {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
    }

    [Theory]
    [MemberData(nameof(InfraFiles.ParameterFileData), MemberType = typeof(InfraFiles))]
    public async Task Parameter_file_lints_without_any_diagnostic(string parameterFile)
    {
        var result = await BicepCli.RunAsync("lint", parameterFile);

        Assert.True(
            result.ExitCode == 0 && string.IsNullOrWhiteSpace(result.StandardError) && string.IsNullOrWhiteSpace(result.StandardOutput),
            $"bicep lint {parameterFile} exited with {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
    }

    [Theory]
    [MemberData(nameof(RequiredErrorRules))]
    public void Configuration_raises_the_rule_to_error(string rule)
    {
        var rules = ReadConfiguration()["analyzers"]!["core"]!["rules"]!;

        Assert.Equal("error", (string?)rules[rule]?["level"]);
    }

    [Fact]
    public async Task A_template_that_breaks_the_rules_fails_the_lint_with_errors()
    {
        var directory = Directory.CreateTempSubdirectory("cloudrispacs-lint-");
        try
        {
            File.Copy(Path.Combine(InfraFiles.Root, "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var template = Path.Combine(directory.FullName, "bad.bicep");
            await File.WriteAllTextAsync(template, """
                param unusedSetting string
                param storagePassword string
                param stamp string = utcNow()
                var unusedValue = 42
                resource account 'Microsoft.Storage/storageAccounts@2021-01-01' = {
                  name: 'st${stamp}'
                  location: 'westeurope'
                  kind: 'StorageV2'
                  sku: {
                    name: 'Standard_LRS'
                  }
                  properties: {
                    customDomain: {
                      name: 'login.microsoftonline.com'
                    }
                  }
                }
                output accountKey string = account.listKeys().keys[0].value
                output password string = storagePassword
                """);

            var result = await BicepCli.RunAsync("lint", template);

            Assert.NotEqual(0, result.ExitCode);
            foreach (var rule in new[]
            {
                "no-unused-params", "no-unused-vars", "secure-secrets-in-params", "use-stable-resource-identifiers",
                "no-hardcoded-location", "no-hardcoded-env-urls", "use-recent-api-versions", "outputs-should-not-contain-secrets",
            })
            {
                Assert.Contains($"Error {rule}:", result.StandardError, StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static JsonNode ReadConfiguration()
    {
        var text = File.ReadAllText(Path.Combine(InfraFiles.Root, "bicepconfig.json"));
        return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
    }
}
