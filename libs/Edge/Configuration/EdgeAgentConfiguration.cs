using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.Edge.Configuration;

/// <summary>Reads the <c>EdgeAgent</c> section: shape check, binding, then every rule of <see cref="EdgeAgentOptionsValidator"/>.</summary>
public static class EdgeAgentConfiguration
{
    /// <summary>The options, or every problem found (never only the first).</summary>
    public static (EdgeAgentOptions? Options, IReadOnlyList<string> Problems) Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(EdgeAgentOptions.SectionName);
        var problems = new List<string>();
        if (!section.Exists())
        {
            problems.Add($"The configuration has no '{EdgeAgentOptions.SectionName}' section. Start from the sample " +
                         "configuration (edge-agent/packaging/appsettings.sample.json) or set EdgeAgent__* environment variables.");
            return (null, problems);
        }

        ConfigurationShapeCheck.Check(section, typeof(EdgeAgentOptions), EdgeAgentOptions.SectionName, problems);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var options = new EdgeAgentOptions();
        section.Bind(options);
        problems.AddRange(EdgeAgentOptionsValidator.Validate(options));
        return (problems.Count == 0 ? options : null, problems);
    }

    /// <summary>The options; throws <see cref="EdgeConfigurationException"/> listing every problem.</summary>
    public static EdgeAgentOptions ReadValid(IConfiguration configuration)
    {
        var (options, problems) = Read(configuration);
        return options ?? throw new EdgeConfigurationException(problems);
    }
}
