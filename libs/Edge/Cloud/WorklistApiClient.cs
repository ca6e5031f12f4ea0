using System.Net.Http.Headers;
using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Configuration;

namespace CloudRisPacs.Edge.Cloud;

/// <summary>
/// The cloud's worklist full sync: <c>GET {ApiBaseUri}/api/edge/worklist</c> with <c>Authorization: Bearer …</c>,
/// answered with <c>{ "items": [WorklistItem, …] }</c>. The whole fetch, body included, must finish within the
/// <see cref="HttpClient.Timeout"/> (<c>Cloud:RequestTimeout</c>) and fit in <see cref="WorklistSyncOptions.MaxFullSyncBytes"/>.
/// </summary>
public sealed class WorklistApiClient(HttpClient http, Uri apiBaseUri, ICloudApiToken token, WorklistSyncOptions? options = null)
{
    public const string Path = "api/edge/worklist";

    private readonly long maxResponseBytes = (options ?? new WorklistSyncOptions()).MaxFullSyncBytes;

    public Uri Endpoint { get; } = new(new Uri(apiBaseUri.ToString().TrimEnd('/') + "/"), Path);

    /// <summary>
    /// The tenant's whole worklist. Throws <see cref="HttpRequestException"/> (refused, too large, connection lost),
    /// <see cref="JsonException"/> (not a worklist), <see cref="TimeoutException"/> (not complete within the timeout),
    /// or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<IReadOnlyList<WorklistItem>> FetchAsync(CancellationToken cancellationToken)
    {
        // HttpClient.Timeout ends at the headers with ResponseHeadersRead: a body that stalls would wait forever.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (http.Timeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(http.Timeout);
        }

        try
        {
            return await FetchWithinAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Endpoint} did not send the whole worklist within {http.Timeout}.", ex);
        }
    }

    private async Task<IReadOnlyList<WorklistItem>> FetchWithinAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetAsync(cancellationToken).ConfigureAwait(false));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > maxResponseBytes)
        {
            throw new HttpRequestException($"{Endpoint} returned {response.Content.Headers.ContentLength} bytes; at most {maxResponseBytes} are read.");
        }

        // Bounds a chunked body too: past the limit the buffering fails instead of growing.
        await response.Content.LoadIntoBufferAsync(maxResponseBytes, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var sync = await JsonSerializer.DeserializeAsync<WorklistSyncResponse>(body, BusContractJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"{Endpoint} returned JSON null.");
        // The contract options refuse a null or missing list, but not a null entry in it.
        if (sync.Items.Any(i => i is null))
        {
            throw new JsonException($"{Endpoint} returned a null worklist item.");
        }

        return sync.Items;
    }

    private sealed record WorklistSyncResponse(IReadOnlyList<WorklistItem> Items);
}
