using CloudRisPacs.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>GET /api/orders/{accession}: the order(s) of an accession with patient, status, steps and linked studies.</summary>
public sealed class OrderStatusFunction(CloudPipeline pipeline, ApiHttp http)
{
    [Function("OrderStatus")]
    public Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Order)] HttpRequestData request, string accession) =>
        http.RunAsync(request, (principal, ct) => pipeline.Api.GetOrdersAsync(principal, accession, ct));
}
