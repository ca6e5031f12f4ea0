using CloudRisPacs.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>
/// GET /api/corrections?study=…&amp;since=…&amp;take=n: patient attribute changes of the tenant's studies (updates, merges),
/// oldest first, so the PACS can apply them to stored instances.
/// </summary>
public sealed class CorrectionsFunction(CloudPipeline pipeline, ApiHttp http)
{
    [Function("Corrections")]
    public Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Corrections)] HttpRequestData request) =>
        http.RunAsync(request, (principal, ct) => pipeline.Api.ListCorrectionsAsync(principal, ApiHttp.Query(request, "study"),
            ApiHttp.Query(request, "since"), ApiHttp.QueryNumber(request, "take"), ct));
}
