using System.Globalization;
using System.Runtime.CompilerServices;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>C-CANCEL during a large C-FIND: the handler sees it through its token, the final response is Cancel, the association lives on.</summary>
public sealed class CancelTests(ITestOutputHelper output)
{
    private const int Items = 20_000;
    private readonly TestLog log = new(output);

    [Fact]
    public async Task Findscu_cancel_stops_a_large_worklist_query()
    {
        var source = new CountingSource(Items);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddModalityWorklist(new ModalityWorklistService(source)), log);
        using var temp = new TempDirectory();
        var query = temp.Combine("query.dump");
        await File.WriteAllTextAsync(query, WorklistInteropTests.Query());
        (await Dcmtk.RunAsync("dump2dcm", query, query + ".dcm")).EnsureSuccess("dump2dcm");

        var result = await Dcmtk.RunAsync("findscu", "-v", "-W", "--cancel", "10", "-aec", TestServer.AeTitle, "127.0.0.1", server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), query + ".dcm");

        var text = result.StandardError + result.StandardOutput;
        output.WriteLine(string.Join("\n", text.Split('\n').Where(l => !l.StartsWith("I: (", StringComparison.Ordinal) && !l.StartsWith("I:   ", StringComparison.Ordinal))));
        result.EnsureSuccess("findscu --cancel");
        Assert.Contains("Sending Cancel Request", text, StringComparison.Ordinal);
        Assert.Contains("Received Final Find Response (Cancel", text, StringComparison.Ordinal);
        Assert.True(source.StoppedEarly, "the source was neither cancelled nor disposed before its end");
        Assert.True(source.Yielded < Items, $"all {Items} items were produced");
        Assert.True(log.Contains("C-CANCEL for request #1"), string.Join("\n", log.Lines.Take(50)));
    }

    [Fact]
    public async Task Our_client_cancels_and_the_association_goes_on()
    {
        var source = new CountingSource(Items);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification().AddModalityWorklist(new ModalityWorklistService(source)), log);
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([
            new DicomPresentationContextProposal(DicomUid.ModalityWorklistInformationModelFind.Value),
            new DicomPresentationContextProposal(DicomUid.Verification.Value),
        ]);
        using var cancel = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var response in association.FindAsync(DicomUid.ModalityWorklistInformationModelFind.Value, new DicomDataset().SetEmpty(DicomTag.PatientName), cancel.Token))
            {
                if (++received == 25)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.True(source.StoppedEarly);
        Assert.True(source.Yielded < Items);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync());
    }

    [Fact]
    public async Task Leaving_the_enumeration_early_cancels_the_find_and_the_association_goes_on()
    {
        var source = new CountingSource(Items);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification().AddModalityWorklist(new ModalityWorklistService(source)), log);
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([
            new DicomPresentationContextProposal(DicomUid.ModalityWorklistInformationModelFind.Value),
            new DicomPresentationContextProposal(DicomUid.Verification.Value),
        ]);

        // The first match is all the caller wants (FirstAsync, Take or a break do the same).
        await foreach (var response in association.FindAsync(DicomUid.ModalityWorklistInformationModelFind.Value, new DicomDataset().SetEmpty(DicomTag.PatientName)))
        {
            Assert.True(response.Status.IsPending);
            break;
        }

        Assert.Equal(DicomStatus.Success, await association.EchoAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(log.Contains("C-CANCEL for request #1"), string.Join("\n", log.Lines.Take(50)));
        Assert.True(source.StoppedEarly);
        Assert.True(source.Yielded < Items);
    }

    /// <summary>
    /// Yields matching items and remembers whether it was stopped before its end: through its token, or by the consumer
    /// disposing it (when the consumer sees the cancellation first, the token's callback may be unregistered unrun).
    /// </summary>
    private sealed class CountingSource(int count) : IWorklistItemSource
    {
        private volatile bool stoppedEarly;
        private int yielded;

        public bool StoppedEarly => stoppedEarly;

        public int Yielded => Volatile.Read(ref yielded);

        public async IAsyncEnumerable<DicomDataset> GetCandidatesAsync(DicomWorklistQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var registration = cancellationToken.Register(() => stoppedEarly = true);
            var completed = false;
            try
            {
                for (var i = 0; i < count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Interlocked.Increment(ref yielded);
                    yield return new DicomDataset()
                        .SetString(DicomTag.PatientName, $"PATIENT^{i}")
                        .SetString(DicomTag.PatientID, i.ToString(CultureInfo.InvariantCulture))
                        .SetString(DicomTag.AccessionNumber, $"A{i}");
                    if (i % 100 == 0)
                    {
                        await Task.Yield();
                    }
                }

                completed = true;
            }
            finally
            {
                if (!completed)
                {
                    stoppedEarly = true;
                }
            }
        }
    }
}
