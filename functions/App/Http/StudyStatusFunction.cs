using CloudRisPacs.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>GET /api/studies/{studyInstanceUid}: the indexed study (patient, accessions, counts, reconciliation state, orders) and its series.</summary>
public sealed class StudyStatusFunction(CloudPipeline pipeline, ApiHttp http)
{
    [Function("StudyStatus")]
    public Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FunctionRoutes.Study)] HttpRequestData request,
        string studyInstanceUid) =>
        http.RunAsync(request, (principal, ct) => pipeline.Api.GetStudyAsync(principal, studyInstanceUid, ct));
}
