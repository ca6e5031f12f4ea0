namespace CloudRisPacs.Core.Api;

/// <summary>Reads the credential of an <c>Authorization: Bearer …</c> header.</summary>
public static class BearerToken
{
    public const int MaxLength = 16 * 1024;

    public static string? Read(string? authorizationHeader)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader) || authorizationHeader.Length > MaxLength)
        {
            return null;
        }

        const string scheme = "Bearer ";
        if (!authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorizationHeader[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
