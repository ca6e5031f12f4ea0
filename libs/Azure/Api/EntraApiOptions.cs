namespace CloudRisPacs.Azure.Api;

/// <summary>
/// Entra ID validation of API bearer tokens (section <c>CloudRisPacs:Api</c>; app settings
/// <c>CloudRisPacs__Api__Audience</c> and <c>CloudRisPacs__Api__Authority</c>).
/// </summary>
public sealed class EntraApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The API's application ID URI (<c>api://{client id}</c>) or client id; tokens must be issued for it.</summary>
    public string? Audience { get; set; }

    /// <summary><c>https://login.microsoftonline.com/{directory}/v2.0</c>: the issuer, and where the signing keys are published.</summary>
    public Uri? Authority { get; set; }

    /// <summary>Tolerance for clock differences when checking token lifetime.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the client id → tenant map read from <c>EdgeAgents</c> is reused.</summary>
    public TimeSpan ClientMapRefresh { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Audience))
        {
            problems.Add("Api:Audience is required (the API's application ID URI).");
        }

        if (Authority is null || !Authority.IsAbsoluteUri || Authority.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add("Api:Authority must be an https URI such as https://login.microsoftonline.com/{directory}/v2.0.");
        }

        return problems;
    }
}
