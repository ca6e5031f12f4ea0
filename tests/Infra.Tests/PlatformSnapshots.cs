namespace CloudRisPacs.Infra.Tests;

/// <summary>Snapshots of main.bicep through the checked-in dev and prod parameter files, taken once per test class.</summary>
public sealed class PlatformSnapshots : IAsyncLifetime
{
    private readonly Dictionary<string, DeploymentSnapshot> byEnvironment = new(StringComparer.Ordinal);

    public static TheoryData<string> Environments => new() { "dev", "prod" };

    public DeploymentSnapshot this[string environment] => byEnvironment[environment];

    public async Task InitializeAsync()
    {
        foreach (var environment in Environments)
        {
            byEnvironment[environment] = await DeploymentSnapshot.OfParameterFileAsync(
                Path.Combine("parameters", $"{environment}.bicepparam"));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
