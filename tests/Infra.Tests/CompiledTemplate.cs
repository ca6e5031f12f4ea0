using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Infra.Tests;

/// <summary>A template compiled to ARM JSON by <c>bicep build</c>, with the few lookups the contract tests need.</summary>
public sealed partial class CompiledTemplate
{
    private CompiledTemplate(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public static async Task<CompiledTemplate> BuildAsync(string templatePath)
    {
        var result = await BicepCli.RunAsync("build", templatePath, "--stdout");
        result.EnsureSuccess($"bicep build {templatePath}");
        return new CompiledTemplate(JsonNode.Parse(result.StandardOutput)!.AsObject());
    }

    public JsonNode Variable(string name) =>
        Root["variables"]?[name] ?? throw new InvalidOperationException($"The template has no variable '{name}'.");

    /// <summary>A resource or module by its Bicep symbolic name (templates are compiled with symbolic names).</summary>
    public JsonObject Resource(string symbolicName) =>
        Root["resources"]?[symbolicName]?.AsObject() ?? throw new InvalidOperationException($"The template has no resource '{symbolicName}'.");

    public IReadOnlyList<string> OutputNames => Root["outputs"]!.AsObject().Select(pair => pair.Key).ToArray();

    /// <summary>
    /// Evaluates a name expression of the form <c>[format('prefix-{0}', parameters('name'))]</c> for a parameter value:
    /// the only shape resource names take in these templates. Anything else fails, so a changed shape is noticed.
    /// </summary>
    public static string EvaluateFormat(string expression, string parameterName, string parameterValue)
    {
        var match = FormatOfOneParameter().Match(expression);
        Assert.True(match.Success, $"Unexpected name expression: {expression}");
        Assert.Equal(parameterName, match.Groups["parameter"].Value);
        return match.Groups["pattern"].Value.Replace("{0}", parameterValue, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\[format\('(?<pattern>[^']*)', parameters\('(?<parameter>[A-Za-z]+)'\)\)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex FormatOfOneParameter();
}
