using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Results;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CloudRisPacs.Functions.Http;

/// <summary>
/// POST /api/reports with <c>{ accessionNumber, text, author, status: "P"|"F"|"C", studyInstanceUid?, requestedProcedureId? }</c>:
/// the ORU^R01 goes to the tenant's RIS through its edge agent; answers <c>{ outboundId, controlId, status, ... }</c>.
/// </summary>
public sealed class ReportsFunction(CloudPipeline pipeline, ApiHttp http)
{
    [Function("SubmitReport")]
    public Task<HttpResponseData> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FunctionRoutes.Reports)] HttpRequestData request) =>
        http.RunAsync(request, async (principal, ct) =>
            await pipeline.Api.SubmitReportAsync(principal, await ApiHttp.ReadBodyAsync<ReportSubmission>(request, ct).ConfigureAwait(false), ct).ConfigureAwait(false));
}
