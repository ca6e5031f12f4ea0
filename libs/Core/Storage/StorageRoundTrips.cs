using System.Diagnostics.Metrics;

namespace CloudRisPacs.Core.Storage;

/// <summary>
/// Counts requests sent to storage, per service, both as totals readable here (benchmarks take differences: "Table
/// round-trips per message") and as the metric <see cref="InstrumentName"/> on meter <see cref="MeterName"/>, tagged
/// with <c>service</c> and <c>operation</c>. One instance per process is registered in DI and shared by the adapters.
/// </summary>
public sealed class StorageRoundTrips
{
    public const string MeterName = "CloudRisPacs.Storage";
    public const string InstrumentName = "cloudrispacs.storage.round_trips";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Counter =
        Meter.CreateCounter<long>(InstrumentName, "{request}", "Requests sent to Azure Storage (Table, Blob, Queue).");

    private long tables;
    private long blobs;
    private long queues;

    public long Tables => Interlocked.Read(ref tables);

    public long Blobs => Interlocked.Read(ref blobs);

    public long Queues => Interlocked.Read(ref queues);

    /// <summary>Records one request about to be sent.</summary>
    public void Record(StorageService service, string operation)
    {
        switch (service)
        {
            case StorageService.Table:
                Interlocked.Increment(ref tables);
                break;
            case StorageService.Blob:
                Interlocked.Increment(ref blobs);
                break;
            default:
                Interlocked.Increment(ref queues);
                break;
        }

        Counter.Add(1, new KeyValuePair<string, object?>("service", service.ToString()), new KeyValuePair<string, object?>("operation", operation));
    }
}
