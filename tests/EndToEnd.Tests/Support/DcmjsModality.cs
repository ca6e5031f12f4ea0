using CloudRisPacs.TestSupport;
using CloudRisPacs.Tools.LocalDepartment;

namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>
/// A modality's MPPS and storage commitment SCU, an independent implementation (dcmjs-dimse; DCMTK ships no tool for
/// either): one association per call to the department's edge agent.
/// </summary>
internal sealed class DcmjsModality(DepartmentFixture department, string aeTitle)
{
    public const string Mpps = "1.2.840.10008.3.1.2.3.3";

    public string AeTitle => aeTitle;

    /// <summary>Sends <paramref name="request"/>, waits for <paramref name="eventReports"/> reports on the association, releases.</summary>
    public async Task<DimseSendResult> SendAsync(DimseRequest request, int eventReports = 0)
    {
        var result = await DcmjsDimsePeer.SendAsync(
            new DimseSendPlan(DepartmentEndpoints.Host, department.Endpoints.DicomPort, aeTitle, department.Endpoints.DicomAeTitle, [request])
            {
                EventReports = eventReports,
                TimeoutMs = 90_000,
            },
            TimeSpan.FromMinutes(2));
        Assert.True(result.Associated && result.Errors.Count == 0 && result.Responses.Count == 1 && result.EventReports.Count == eventReports,
            $"{result}\n{department.Diagnostics()}");
        return result;
    }

    /// <summary>A storage commitment request (N-ACTION) for images as <see cref="Peers.DumpAsync"/> read them.</summary>
    public static DimseRequest Commitment(string transactionUid, IEnumerable<IReadOnlyDictionary<string, string>> images) =>
        new("N-ACTION", "1.2.840.10008.1.20.1", "1.2.840.10008.1.20.1.1", new
        {
            TransactionUID = transactionUid,
            ReferencedSOPSequence = images.Select(i => new { ReferencedSOPClassUID = i["0008,0016"], ReferencedSOPInstanceUID = i["0008,0018"] }).ToArray(),
        })
        {
            ActionTypeId = 1,
        };
}
