using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudRisPacs.Infra.Tests;

/// <summary>
/// What a deployment would create, evaluated offline by <c>bicep snapshot</c>: resource ids, names and properties
/// with every expression that does not need a live resource already computed (names, guid(), uniqueString(), scopes).
/// Values that need a deployed resource stay as ARM expressions such as <c>[reference('…').clientId]</c>.
/// </summary>
public sealed partial class DeploymentSnapshot
{
    public const string SubscriptionId = "0b7c5c3e-3f5a-4c1e-9d0b-6d5a1f3e2c11";
    public const string ResourceGroup = "rg-cloudrispacs-test";
    public const string EntraTenantId = "8d2f4a61-7b3e-4f0c-a9d5-1e6c3b2a4f70";
    public const string Location = "westeurope";

    private DeploymentSnapshot(JsonObject root)
    {
        Resources = root["predictedResources"]!.AsArray().Select(node => node!.AsObject()).ToArray();
        Outputs = root["outputs"]!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        Diagnostics = root["diagnostics"]!.AsArray().Select(node => node!.ToJsonString()).ToArray();
    }

    public IReadOnlyList<JsonObject> Resources { get; }

    public IReadOnlyDictionary<string, JsonNode?> Outputs { get; }

    public IReadOnlyList<string> Diagnostics { get; }

    public static string ResourceGroupId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}";

    public IReadOnlyList<RoleAssignment> RoleAssignments =>
        OfType("Microsoft.Authorization/roleAssignments").Select(RoleAssignment.From).ToArray();

    /// <summary>Snapshots one of the checked-in parameter files (relative to <c>infra/</c>).</summary>
    public static Task<DeploymentSnapshot> OfParameterFileAsync(string relativePath)
    {
        var path = InfraFiles.FullPath(relativePath);
        var text = File.ReadAllText(path);
        var usingMatch = UsingLine().Match(text);
        if (!usingMatch.Success)
        {
            throw new InvalidOperationException($"{relativePath} has no using '...' line.");
        }

        var template = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, usingMatch.Groups["path"].Value));
        return CreateAsync(template, text[(usingMatch.Index + usingMatch.Length)..]);
    }

    /// <summary>Snapshots a template with parameters written as <c>.bicepparam</c> lines (<c>param x = 'y'</c>).</summary>
    public static async Task<DeploymentSnapshot> CreateAsync(string templatePath, string parameterLines)
    {
        var directory = Directory.CreateTempSubdirectory("cloudrispacs-bicep-");
        try
        {
            // bicepparam files must name their template by a relative path.
            var relativeTemplate = Path.GetRelativePath(directory.FullName, templatePath).Replace('\\', '/');
            var parameterFile = Path.Combine(directory.FullName, "snapshot.bicepparam");
            await File.WriteAllTextAsync(
                parameterFile, $"using '{relativeTemplate}'\n{parameterLines}\n", Encoding.UTF8);

            var result = await BicepCli.RunAsync(
                "snapshot", parameterFile, "--mode", "overwrite",
                "--subscription-id", SubscriptionId,
                "--resource-group", ResourceGroup,
                "--location", Location,
                "--tenant-id", EntraTenantId);
            result.EnsureSuccess($"bicep snapshot of {templatePath}");

            var snapshotFile = Path.Combine(directory.FullName, "snapshot.snapshot.json");
            var root = JsonNode.Parse(await File.ReadAllTextAsync(snapshotFile))!.AsObject();
            return new DeploymentSnapshot(root);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one resource of a type; fails listing what exists when there is not exactly one.</summary>
    public JsonObject OnlyOne(string type)
    {
        var matches = OfType(type).ToArray();
        Assert.True(
            matches.Length == 1,
            $"Expected exactly one {type}, found {matches.Length}: {string.Join(", ", matches.Select(m => (string?)m["name"]))}");
        return matches[0];
    }

    /// <summary>A resource by type and its last name segment.</summary>
    public JsonObject Named(string type, string name)
    {
        var match = OfType(type).FirstOrDefault(resource => ((string)resource["name"]!).Split('/')[^1] == name);
        Assert.True(match is not null, $"No {type} named '{name}'. Present: {string.Join(", ", OfType(type).Select(r => (string?)r["name"]))}");
        return match!;
    }

    public string Output(string name)
    {
        Assert.True(Outputs.TryGetValue(name, out var value), $"Output '{name}' is missing. Outputs: {string.Join(", ", Outputs.Keys)}");
        return value!.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)value! : value!.ToJsonString();
    }

    [GeneratedRegex(@"^\s*using\s+'(?<path>[^']+)'\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex UsingLine();
}

/// <summary>A predicted role assignment: who gets which built-in role on which resource.</summary>
public sealed record RoleAssignment(string Scope, string RoleDefinitionId, string PrincipalId)
{
    private const string Marker = "/providers/Microsoft.Authorization/roleAssignments/";

    public static RoleAssignment From(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var id = (string)resource["id"]!;
        var markerAt = id.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        var properties = resource["properties"]!;
        var roleDefinition = (string)properties["roleDefinitionId"]!;
        return new RoleAssignment(
            id[..markerAt],
            roleDefinition[(roleDefinition.LastIndexOf('/') + 1)..],
            (string)properties["principalId"]!);
    }
}
