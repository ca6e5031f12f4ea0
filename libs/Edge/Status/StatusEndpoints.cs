using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CloudRisPacs.Edge.Status;

/// <summary>
/// <c>GET /health</c>: 200 with <c>healthy</c> or <c>degraded</c>, 503 with <c>unhealthy</c> (for a service monitor).
/// <c>GET /status</c>: everything <see cref="EdgeStatusReporter"/> knows, as JSON.
/// </summary>
public static class StatusEndpoints
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapEdgeStatus(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/health", async (HttpContext context) =>
        {
            var status = await context.RequestServices.GetRequiredService<EdgeStatusReporter>().GetAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = status.Health == EdgeStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            await context.Response.WriteAsJsonAsync(new { status = status.Health, problems = status.Problems }, Json, context.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapGet("/status", async (HttpContext context) =>
        {
            var status = await context.RequestServices.GetRequiredService<EdgeStatusReporter>().GetAsync(context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(status, Json, context.RequestAborted).ConfigureAwait(false);
        });
        return endpoints;
    }
}
