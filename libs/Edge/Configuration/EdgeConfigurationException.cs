namespace CloudRisPacs.Edge.Configuration;

/// <summary>The edge agent's configuration is invalid; <see cref="Problems"/> lists every problem in plain words.</summary>
public sealed class EdgeConfigurationException : Exception
{
    public EdgeConfigurationException()
    {
    }

    public EdgeConfigurationException(string message)
        : base(message)
    {
    }

    public EdgeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EdgeConfigurationException(IReadOnlyList<string> problems)
        : base($"The edge agent configuration has {problems?.Count ?? 0} problem(s):{Environment.NewLine}  - " +
               string.Join($"{Environment.NewLine}  - ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
