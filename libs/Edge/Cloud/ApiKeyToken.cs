namespace CloudRisPacs.Edge.Cloud;

/// <summary>Local mode: the tenant's API key from configuration (<c>EdgeAgent:Cloud:ApiKey</c>) is the bearer token.</summary>
public sealed class ApiKeyToken(string apiKey) : ICloudApiToken
{
    public ValueTask<string> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(apiKey);
}
