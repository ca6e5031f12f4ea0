using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>
/// GET /api/exceptions?status=open|resolved|all&amp;kind=…&amp;take=n lists the tenant's exceptions;
/// POST /api/exceptions/{id}/resolve with <c>{ action: "resolve"|"link", note, studyInstanceUid, accessionNumber }</c> resolves one.
/// </summary>
public sealed class ExceptionsFunctions(CloudPipeline pipeline, ApiHttp http)
{
    [Function("ListExceptions")]
    public Task<HttpResponseData> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Exceptions)] HttpRequestData request) =>
        http.RunAsync(request, (principal, ct) => pipeline.Api.ListExceptionsAsync(principal, ApiHttp.Query(request, "status"), ApiHttp.Query(request, "kind"),
            ApiHttp.QueryNumber(request, "take"), ct));

    [Function("ResolveException")]
    public Task<HttpResponseData> Resolve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoutes.ResolveException)] HttpRequestData request,
        string id) =>
        http.RunAsync(request, async (principal, ct) =>
            await pipeline.Api.ResolveExceptionAsync(principal, id, await ApiHttp.ReadBodyAsync<ExceptionResolutionRequest>(request, ct).ConfigureAwait(false), ct)
                .ConfigureAwait(false));
}
