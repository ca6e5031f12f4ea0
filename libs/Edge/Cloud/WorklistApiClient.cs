using System.Net.Http.Headers;
using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Edge.Cloud;

/// <summary>
/// The cloud's worklist full sync: <c>GET {ApiBaseUri}/api/edge/worklist</c> with <c>Authorization: Bearer …</c>,
/// answered with <c>{ "items": [WorklistItem, …] }</c>.
/// </summary>
public sealed class WorklistApiClient(HttpClient http, Uri apiBaseUri, ICloudApiToken token)
{
    public const string Path = "api/edge/worklist";

    private const int MaxResponseBytes = 64 * 1024 * 1024;

    public Uri Endpoint { get; } = new(new Uri(apiBaseUri.ToString().TrimEnd('/') + "/"), Path);

    /// <summary>The tenant's whole worklist; throws <see cref="HttpRequestException"/> or <see cref="JsonException"/> on failure.</summary>
    public async Task<IReadOnlyList<WorklistItem>> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetAsync(cancellationToken).ConfigureAwait(false));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new HttpRequestException($"{Endpoint} returned {response.Content.Headers.ContentLength} bytes; at most {MaxResponseBytes} are read.");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var sync = await JsonSerializer.DeserializeAsync<WorklistSyncResponse>(body, BusContractJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"{Endpoint} returned JSON null.");
        return sync.Items;
    }

    private sealed record WorklistSyncResponse(IReadOnlyList<WorklistItem> Items);
}
