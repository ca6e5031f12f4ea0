using System.Globalization;
using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>
/// Pending C-FIND responses that are ready together share socket writes; what has been produced still reaches the
/// peer as soon as the handler has to wait for more.
/// </summary>
public sealed class ResponseBurstTests(ITestOutputHelper output)
{
    private const int FirstBurst = 150;
    private const int SecondBurst = 70;
    private readonly TestLog log = new(output);

    [Fact]
    public async Task A_burst_is_delivered_before_the_handler_waits_and_every_response_arrives_in_order()
    {
        var source = new PausingSource(FirstBurst, SecondBurst);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddModalityWorklist(new ModalityWorklistService(source)), log);
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([
            new DicomPresentationContextProposal(DicomUid.ModalityWorklistInformationModelFind.Value),
        ]);
        var ids = new List<string>();

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (var response in association.FindAsync(DicomUid.ModalityWorklistInformationModelFind.Value, new DicomDataset().SetEmpty(DicomTag.PatientID), guard.Token))
        {
            Assert.True(response.Status.IsPending, $"final status {response.Status}");
            ids.Add(response.Identifier!.GetString(DicomTag.PatientID)!);
            if (ids.Count == FirstBurst)
            {
                // The handler produces nothing more until the whole first burst has been received here.
                source.Resume();
            }
        }

        Assert.Equal(Enumerable.Range(0, FirstBurst + SecondBurst).Select(i => i.ToString(CultureInfo.InvariantCulture)), ids);
    }

    /// <summary>Yields a first burst of items at once, then waits until told to go on, then yields the rest at once.</summary>
    private sealed class PausingSource(int first, int second) : IWorklistItemSource
    {
        private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Resume() => resumed.TrySetResult();

        public async IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < first + second; i++)
            {
                if (i == first)
                {
                    await resumed.Task.WaitAsync(cancellationToken);
                }

                yield return new DicomDataset().SetString(DicomTag.PatientID, i.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
