namespace CloudRisPacs.Azure.Configuration;

/// <summary>The Azure connection settings are incomplete or contradictory; the message lists every problem.</summary>
public sealed class AzureConfigurationException : Exception
{
    public AzureConfigurationException()
    {
    }

    public AzureConfigurationException(string message)
        : base(message)
    {
    }

    public AzureConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AzureConfigurationException(string subject, IReadOnlyList<string> problems)
        : base($"The configuration of {subject} is invalid:{Environment.NewLine}  - {string.Join($"{Environment.NewLine}  - ", problems ?? [])}")
    {
        Problems = problems ?? [];
    }

    /// <summary>Each problem in plain words.</summary>
    public IReadOnlyList<string> Problems { get; } = [];

    /// <summary>Throws when <paramref name="problems"/> is not empty.</summary>
    public static void ThrowIfAny(string subject, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count > 0)
        {
            throw new AzureConfigurationException(subject, problems);
        }
    }
}
