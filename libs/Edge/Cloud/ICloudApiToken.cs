namespace CloudRisPacs.Edge.Cloud;

/// <summary>The bearer token the cloud HTTP API expects from this agent.</summary>
public interface ICloudApiToken
{
    ValueTask<string> GetAsync(CancellationToken cancellationToken);
}
