using CloudRisPacs.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>GET /api/audit?subject=…&amp;take=n: the tenant's audit trail, newest first ("who linked this study, and when").</summary>
public sealed class AuditFunction(CloudPipeline pipeline, ApiHttp http)
{
    [Function("Audit")]
    public Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Audit)] HttpRequestData request) =>
        http.RunAsync(request, (principal, ct) => pipeline.Api.ListAuditAsync(principal, ApiHttp.Query(request, "subject"),
            ApiHttp.QueryNumber(request, "take"), ct));
}
