using CloudRisPacs.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>GET /api/trace?messageId=…|accession=…|patientId=…&amp;issuer=…: where messages went ("where is my message").</summary>
public sealed class TraceFunction(CloudPipeline pipeline, ApiHttp http)
{
    [Function("Trace")]
    public Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Trace)] HttpRequestData request) =>
        http.RunAsync(request, (principal, ct) => pipeline.Api.TraceAsync(principal, ApiHttp.Query(request, "messageId"), ApiHttp.Query(request, "accession"),
            ApiHttp.Query(request, "patientId"), ApiHttp.Query(request, "issuer"), ct));
}
