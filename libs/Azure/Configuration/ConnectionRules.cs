namespace CloudRisPacs.Azure.Configuration;

/// <summary>The shared rule of every client's options: a connection string (Azurite/dev) or a service endpoint (Entra ID), exactly one.</summary>
internal static class ConnectionRules
{
    private static readonly string[] ConnectionStringKeys =
    [
        "UseDevelopmentStorage", "AccountName", "AccountKey", "SharedAccessSignature", "BlobEndpoint", "QueueEndpoint",
        "TableEndpoint", "Endpoint", "SharedAccessKeyName", "SharedAccessKey",
    ];

    public static void CheckOneOf(List<string> problems, string section, string? connectionString, string endpointName, object? endpoint)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(connectionString);
        if (hasConnectionString && endpoint is not null)
        {
            problems.Add($"Set either {section}:ConnectionString (Azurite or development) or {section}:{endpointName} (Entra ID), not both.");
        }
        else if (!hasConnectionString && endpoint is null)
        {
            problems.Add($"Set {section}:{endpointName} (with an Entra ID credential) or, for Azurite, {section}:ConnectionString.");
        }
        else if (hasConnectionString && !LooksLikeConnectionString(connectionString!))
        {
            problems.Add($"{section}:ConnectionString is not a connection string (expected 'Name=value;' pairs such as AccountName=…;AccountKey=… or Endpoint=…).");
        }
    }

    public static void CheckServiceUri(List<string> problems, string section, string name, Uri? uri)
    {
        if (uri is null)
        {
            return;
        }

        if (!uri.IsAbsoluteUri)
        {
            problems.Add($"{section}:{name} '{uri}' must be an absolute URI such as https://account.table.core.windows.net.");
        }
        else if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            problems.Add($"{section}:{name} '{uri}' must use https; Entra ID tokens are never sent over plain http.");
        }
    }

    private static bool LooksLikeConnectionString(string value)
    {
        var names = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => parts[0]);
        return names.Any(name => ConnectionStringKeys.Contains(name, StringComparer.OrdinalIgnoreCase));
    }
}
