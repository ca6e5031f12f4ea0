namespace CloudRisPacs.Azure.Configuration;

/// <summary>
/// Blob Storage connection (section <c>CloudRisPacs:Storage</c>; app setting <c>CloudRisPacs__Storage__BlobServiceUri</c>):
/// a service URI with Entra ID, or an Azurite connection string.
/// </summary>
public sealed class BlobStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>Azurite or development connection string. Never used against Azure.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>For example <c>https://account.blob.core.windows.net</c>.</summary>
    public Uri? BlobServiceUri { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ConnectionRules.CheckOneOf(problems, SectionName, ConnectionString, nameof(BlobServiceUri), BlobServiceUri);
        ConnectionRules.CheckServiceUri(problems, SectionName, nameof(BlobServiceUri), BlobServiceUri);
        return problems;
    }
}
