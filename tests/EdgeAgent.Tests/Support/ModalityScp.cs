using System.Collections.Concurrent;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.StorageCommitment;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>
/// The modality's own listener (our <see cref="DicomServer"/>, accepting the agent's AE title): it takes storage
/// commitment reports sent on a new association and keeps every one it received, per transaction.
/// </summary>
internal sealed class ModalityScp : IStorageCommitmentReportHandler, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StorageCommitmentReport>> first = new(StringComparer.Ordinal);
    private readonly DicomServer server;

    private ModalityScp(string aeTitle, int port)
    {
        server = new DicomServer(new DicomServerOptions
        {
            AeTitle = aeTitle,
            BindAddress = "127.0.0.1",
            Port = port,
            AllowedCallingAeTitles = [Dcmtk.AgentAe],
        }, new DicomServiceRegistry().AddStorageCommitmentReports(this));
    }

    /// <summary>Every report received, with the association it came on, in arrival order.</summary>
    public ConcurrentQueue<(StorageCommitmentReport Report, DicomAssociationInfo Association)> Received { get; } = new();

    public static async Task<ModalityScp> StartAsync(int port, string aeTitle = Dcmtk.ModalityAe)
    {
        var modality = new ModalityScp(aeTitle, port);
        await modality.server.StartAsync(CancellationToken.None);
        return modality;
    }

    /// <summary>The first report of a transaction; fails the test with a clear message after <paramref name="seconds"/>.</summary>
    public async Task<StorageCommitmentReport> FirstReportAsync(string transactionUid, int seconds, Func<string> diagnostics)
    {
        try
        {
            return await Slot(transactionUid).Task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out after {seconds} s waiting for the report of {transactionUid} at the modality.{Environment.NewLine}{diagnostics()}");
            throw;
        }
    }

    public int CountFor(string transactionUid) => Received.Count(r => r.Report.TransactionUid == transactionUid);

    public ValueTask<DicomStatus> OnReportAsync(StorageCommitmentReport report, DicomAssociationInfo association, CancellationToken cancellationToken)
    {
        Received.Enqueue((report, association));
        Slot(report.TransactionUid).TrySetResult(report);
        return ValueTask.FromResult(DicomStatus.Success);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private TaskCompletionSource<StorageCommitmentReport> Slot(string transactionUid) =>
        first.GetOrAdd(transactionUid, _ => new TaskCompletionSource<StorageCommitmentReport>(TaskCreationOptions.RunContinuationsAsynchronously));
}
