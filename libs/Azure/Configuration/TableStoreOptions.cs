namespace CloudRisPacs.Azure.Configuration;

/// <summary>
/// Table Storage connection (section <c>CloudRisPacs:Storage</c>, as the infrastructure's app setting
/// <c>CloudRisPacs__Storage__TableServiceUri</c> names it): a service URI with Entra ID, or an Azurite connection string.
/// </summary>
public sealed class TableStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>Azurite or development connection string. Never used against Azure.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For example <c>https://account.table.core.windows.net</c>.</summary>
    public Uri? TableServiceUri { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ConnectionRules.CheckOneOf(problems, SectionName, ConnectionString, nameof(TableServiceUri), TableServiceUri);
        ConnectionRules.CheckServiceUri(problems, SectionName, nameof(TableServiceUri), TableServiceUri);
        return problems;
    }
}
