using System.Globalization;
using System.Net;
using System.Text.Json;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Messaging.Contracts;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Functions.Http;

/// <summary>
/// What every API function does around its operation: authenticate the caller's tenant from the Authorization header,
/// run the operation for that tenant, and answer JSON (camelCase) or a problem (<c>{ "error": ... }</c>) with 400, 401,
/// 403, 404 or 409. The operations themselves live in <see cref="CloudApi"/>.
/// </summary>
public sealed partial class ApiHttp(ITenantAuthenticator authenticator, ILogger<ApiHttp> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<HttpResponseData> RunAsync<T>(HttpRequestData request, Func<TenantPrincipal, CancellationToken, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(operation);
        var cancellationToken = request.FunctionContext.CancellationToken;
        var header = request.Headers.TryGetValues("Authorization", out var values) ? values.FirstOrDefault() : null;
        var authentication = await authenticator.AuthenticateAsync(header, cancellationToken).ConfigureAwait(false);
        if (!authentication.Succeeded)
        {
            LogUnauthenticated(logger, request.Url.AbsolutePath, authentication.Failure);
            var unauthorized = await ProblemAsync(request, HttpStatusCode.Unauthorized, authentication.Failure ?? "Not authenticated.").ConfigureAwait(false);
            unauthorized.Headers.Add("WWW-Authenticate", "Bearer");
            return unauthorized;
        }

        try
        {
            var result = await operation(authentication.Principal!, cancellationToken).ConfigureAwait(false);
            return await JsonAsync(request, HttpStatusCode.OK, result).ConfigureAwait(false);
        }
        catch (ApiProblemException ex)
        {
            return await ProblemAsync(request, (HttpStatusCode)ex.StatusCode, ex.Message).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return await ProblemAsync(request, HttpStatusCode.BadRequest, $"The request body is not valid JSON for this operation: {ex.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>Reads a bounded JSON body as <typeparamref name="T"/>; a missing or invalid body is a 400.</summary>
    public static async Task<T> ReadBodyAsync<T>(HttpRequestData request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new ApiProblemException(400, $"The request body is larger than {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new ApiProblemException(400, "A JSON request body is required.");
        }

        return JsonSerializer.Deserialize<T>(buffer.ToArray(), BusContractJson.Options)
            ?? throw new ApiProblemException(400, "The request body is JSON null.");
    }

    public static string? Query(HttpRequestData request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[name];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>A non-negative whole number from the query string; null when absent or not a number (the API's default applies).</summary>
    public static int? QueryNumber(HttpRequestData request, string name) =>
        int.TryParse(Query(request, name), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static async Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T body)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteBytesAsync(JsonSerializer.SerializeToUtf8Bytes(body, BusContractJson.Options)).ConfigureAwait(false);
        return response;
    }

    private static Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string message) =>
        JsonAsync(request, status, new { error = message, status = (int)status });

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "API call to {Path} refused: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string path, string? reason);
}
