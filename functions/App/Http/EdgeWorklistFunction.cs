using CloudRisPacs.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>GET /api/edge/worklist: the caller's tenant's complete worklist, <c>{ tenant, asOf, count, items: WorklistItem[] }</c>.</summary>
public sealed class EdgeWorklistFunction(CloudPipeline pipeline, ApiHttp http)
{
    [Function("EdgeWorklist")]
    public Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.EdgeWorklist)] HttpRequestData request) =>
        http.RunAsync(request, pipeline.Api.GetWorklistAsync);
}
