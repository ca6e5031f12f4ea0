using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Messaging.Benchmarks;

/// <summary>
/// Side-by-side on the same Azurite: N messages through the Storage Queue bus (publish, pump, handler, delete) versus
/// the bare SDK doing the minimum for the same delivery (send text, receive in batches of 16, delete). Reports
/// messages/s for each, the ratio, and queue requests per message.
/// </summary>
internal static class QueueBusThroughput
{
    public static async Task RunAsync(string connectionString, int count)
    {
        var queues = new QueueServiceClient(connectionString);
        var blobs = new BlobServiceClient(connectionString);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var tenant = TenantId.Parse("bench");
        var claims = blobs.GetBlobContainerClient($"claims-{suffix}");
        await claims.CreateIfNotExistsAsync();
        try
        {
            var body = new byte[2048];
            new Random(1).NextBytes(body);
            // A short warm-up of both paths first, so neither pays for JIT and connection set-up in the measurement.
            await RawSdkAsync(queues.GetQueueClient($"raw-{suffix}"), 50, Convert.ToBase64String(body));
            await BusAsync(queues, blobs, claims.Name, new BusChannel($"bus-{suffix}", tenant), 50, body);
            var raw = await RawSdkAsync(queues.GetQueueClient($"raw-{suffix}"), count, Convert.ToBase64String(body));
            var bus = await BusAsync(queues, blobs, claims.Name, new BusChannel($"bus-{suffix}", tenant), count, body);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"messages={count} body=2048B send: raw-sdk={raw.Send:F0}/s bus={bus.Send:F0}/s ratio={bus.Send / raw.Send:F2}; " +
                $"drain: raw-sdk={raw.Drain:F0}/s bus={bus.Drain:F0}/s ratio={bus.Drain / raw.Drain:F2}; bus queue-requests/message={bus.Requests:F2}"));
        }
        finally
        {
            await claims.DeleteIfExistsAsync();
            foreach (var name in new[] { $"raw-{suffix}", $"bus-{suffix}", StorageQueueBusOptions.PoisonQueueName($"bus-{suffix}") })
            {
                await queues.GetQueueClient(name).DeleteIfExistsAsync();
            }
        }
    }

    private static async Task<(double Send, double Drain)> RawSdkAsync(QueueClient queue, int count, string text)
    {
        await queue.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await queue.SendMessageAsync(text);
        }

        var send = count / watch.Elapsed.TotalSeconds;
        watch.Restart();
        var received = 0;
        while (received < count)
        {
            var batch = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(1))).Value;
            await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt)));
            received += batch.Length;
        }

        return (send, count / watch.Elapsed.TotalSeconds);
    }

    private static async Task<(double Send, double Drain, double Requests)> BusAsync(QueueServiceClient queues, BlobServiceClient blobs,
        string claimContainer, BusChannel channel, int count, byte[] body)
    {
        var roundTrips = new StorageRoundTrips();
        var options = new StorageQueueBusOptions
        {
            MinPollInterval = TimeSpan.FromMilliseconds(10),
            MaxPollInterval = TimeSpan.FromMilliseconds(50),
            ReceiveBatchSize = 16,
            MaxConcurrentMessages = 16,
        };
        var claimCheck = new BusClaimCheck(new AzureBlobStore(blobs, roundTrips), _ => claimContainer);
        var publisher = new StorageQueueBusPublisher(queues, claimCheck, roundTrips, options);
        var pump = new StorageQueueBusPump(queues, claimCheck, new LoggingDeadLetterObserver(
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LoggingDeadLetterObserver>.Instance), roundTrips, options);
        var handled = 0;
        var done = new TaskCompletionSource();
        var handler = new CountingHandler(() =>
        {
            if (Interlocked.Increment(ref handled) == count)
            {
                done.TrySetResult();
            }
        });
        await queues.GetQueueClient(channel.Name).CreateIfNotExistsAsync();
        await queues.GetQueueClient(StorageQueueBusOptions.PoisonQueueName(channel.Name)).CreateIfNotExistsAsync();
        var before = roundTrips.Queues;

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync(channel, new BusMessage
            {
                MessageId = i.ToString(CultureInfo.InvariantCulture),
                Kind = BusMessageKinds.Hl7Received,
                SessionKey = "bench/PAT1",
                ClaimedTenant = "bench",
                Body = body,
            });
        }

        var send = count / watch.Elapsed.TotalSeconds;
        watch.Restart();
        using var stop = new CancellationTokenSource();
        var run = pump.RunChannelAsync(channel, new BusDispatcher(handler, new BusRetryPolicy()), stop.Token);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = watch.Elapsed;
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopped as intended.
        }

        return (send, count / elapsed.TotalSeconds, (roundTrips.Queues - before) / (double)count);
    }

    private sealed class CountingHandler(Action onMessage) : IBusMessageHandler
    {
        public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
        {
            onMessage();
            return Task.FromResult(BusHandlingResult.Complete);
        }
    }
}
