using Azure.Core;

namespace CloudRisPacs.Edge.Cloud;

/// <summary>Azure: an Entra ID access token for <c>{ApiAudience}/.default</c> from the agent's credential (cached by the SDK).</summary>
public sealed class EntraApiToken(TokenCredential credential, string audience) : ICloudApiToken
{
    private readonly string[] scopes = [$"{audience.TrimEnd('/')}/.default"];

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(scopes), cancellationToken).ConfigureAwait(false);
        return token.Token;
    }
}
