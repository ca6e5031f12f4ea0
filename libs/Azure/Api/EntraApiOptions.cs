namespace CloudRisPacs.Azure.Api;

/// <summary>
/// Entra ID validation of API bearer tokens (section <c>CloudRisPacs:Api</c>; app settings
/// <c>CloudRisPacs__Api__ClientId</c>, <c>CloudRisPacs__Api__Audience</c> and <c>CloudRisPacs__Api__Authority</c>).
/// </summary>
public sealed class EntraApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// The application (client) id of the API's app registration. Entra ID puts it in <c>aud</c> of v2 access tokens
    /// (the API registration asks for v2); <c>api://{client id}</c> is the <c>aud</c> of v1 tokens. Both are accepted.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>Another accepted audience, such as a custom application ID URI; optional.</summary>
    public string? Audience { get; set; }

    /// <summary><c>https://login.microsoftonline.com/{directory}/v2.0</c>: the v2 issuer, and where the signing keys are published.</summary>
    public Uri? Authority { get; set; }

    /// <summary>Tolerance for clock differences when checking token lifetime.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the client id → tenant map read from <c>EdgeAgents</c> is reused.</summary>
    public TimeSpan ClientMapRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The directory (Entra tenant) id: the first segment of <see cref="Authority"/>'s path.</summary>
    public Guid? DirectoryId =>
        Authority is { IsAbsoluteUri: true } authority && Guid.TryParse(authority.AbsolutePath.Trim('/').Split('/')[0], out var id) ? id : null;

    /// <summary>The audiences a token may be issued for: the client id, <c>api://{client id}</c> and <see cref="Audience"/>.</summary>
    public IReadOnlyList<string> ValidAudiences() =>
        new[] { ClientId, $"api://{ClientId}", Audience }.OfType<string>().Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The issuers of the configured directory: v2 (<see cref="Authority"/>) and v1 (<c>https://sts.windows.net/{directory}/</c>,
    /// the public cloud's; the v2.0 metadata document names only the v2 issuer, so it cannot be read from there).
    /// </summary>
    public IReadOnlyList<string> ValidIssuers() => [Authority!.ToString().TrimEnd('/'), $"https://sts.windows.net/{DirectoryId}/"];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Guid.TryParse(ClientId, out _))
        {
            problems.Add("Api:ClientId is required: the application (client) id of the API's app registration (a GUID).");
        }

        if (Authority is null || !Authority.IsAbsoluteUri || Authority.Scheme != Uri.UriSchemeHttps || DirectoryId is null)
        {
            problems.Add("Api:Authority must be an https URI naming the directory id, such as https://login.microsoftonline.com/{directory}/v2.0.");
        }

        return problems;
    }
}
