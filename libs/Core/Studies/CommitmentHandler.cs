using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// Handles <see cref="BusMessageKinds.DicomCommitmentRequested"/>: answers <see cref="BusMessageKinds.DicomCommitmentResult"/>
/// on the edge channel once every instance is indexed (same SOP class). While some are not, the request is retried
/// every <see cref="PipelineOptions.CommitmentRetryInterval"/>; after <see cref="PipelineOptions.CommitmentTimeout"/>
/// (from the request's arrival in the cloud), or when the delivery limit is near, the missing ones fail with 0x0112 (no
/// such object instance) and an exception is raised. Commitment is never answered before the instances are indexed.
/// The wait starts at the arrival, not at the modality's request (<see cref="CommitmentRequest.RequestedAt"/>): the
/// edge forwards a request only once the instances it spooled for it are uploaded, which after an outage or behind a
/// long upload backlog can be hours after the modality asked.
/// </summary>
public sealed class CommitmentHandler(PipelineServices services, ProcessedMessageLog processed, BusRetryPolicy retryPolicy) : IBusMessageHandler
{
    public const ushort NoSuchObjectInstance = 0x0112;
    public const ushort ClassInstanceConflict = 0x0119;

    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var tenant = delivery.Tenant;
        if (await processed.WasHandledAsync(tenant, message.MessageId, cancellationToken).ConfigureAwait(false))
        {
            return BusHandlingResult.Complete;
        }

        var request = BusContractJson.Deserialize<CommitmentRequest>(message);
        var committed = new List<SopInstanceReference>();
        var failed = new List<CommitmentFailure>();
        var missing = new List<SopInstanceReference>();
        foreach (var reference in request.Instances)
        {
            var indexed = await services.Studies.FindInstanceAsync(tenant, reference.SopInstanceUid, cancellationToken).ConfigureAwait(false);
            if (indexed is null)
            {
                missing.Add(reference);
            }
            else if (!string.Equals(indexed.SopClassUid, reference.SopClassUid, StringComparison.Ordinal))
            {
                failed.Add(new CommitmentFailure(reference.SopClassUid, reference.SopInstanceUid, ClassInstanceConflict,
                    $"Stored as SOP class {indexed.SopClassUid}, not {reference.SopClassUid}."));
            }
            else
            {
                committed.Add(reference);
            }
        }

        var arrivedAt = delivery.EnqueuedAt ?? message.CreatedAt;
        var waited = services.Context.Now - arrivedAt;
        var lastChance = delivery.DeliveryCount >= retryPolicy.MaxDeliveryCount - 1;
        if (missing.Count > 0 && waited < services.Context.Options.CommitmentTimeout && !lastChance)
        {
            return BusHandlingResult.RetryLater("not-yet-indexed", $"{missing.Count} of {request.Instances.Count} instances are not indexed yet.",
                services.Context.Options.CommitmentRetryInterval);
        }

        failed.AddRange(missing.Select(m => new CommitmentFailure(m.SopClassUid, m.SopInstanceUid, NoSuchObjectInstance,
            $"Not stored and indexed within {waited.TotalSeconds:0} s of the request's arrival.")));
        if (failed.Count > 0)
        {
            await services.Exceptions.RaiseAsync(tenant, new ExceptionRecord
            {
                Id = ExceptionStore.IdFor(ExceptionKinds.CommitmentFailed, request.TransactionUid),
                Kind = ExceptionKinds.CommitmentFailed,
                Reason = $"Storage commitment {request.TransactionUid} from {request.RequestingAeTitle}: {failed.Count} of {request.Instances.Count} " +
                         $"instances failed: {string.Join("; ", failed.Take(10).Select(f => $"{f.SopInstanceUid} 0x{f.FailureReason:X4} {f.Explanation}"))}",
                MessageId = message.MessageId,
            }, cancellationToken).ConfigureAwait(false);
        }

        var result = new CommitmentResult
        {
            TransactionUid = request.TransactionUid,
            RequestingAeTitle = request.RequestingAeTitle,
            Committed = committed,
            Failed = failed,
        };
        await services.Context.Publisher.PublishAsync(BusChannel.Edge(tenant), new BusMessage
        {
            MessageId = $"{message.MessageId}-result",
            Kind = BusMessageKinds.DicomCommitmentResult,
            SessionKey = message.SessionKey,
            CorrelationId = message.CorrelationId ?? request.TransactionUid,
            ClaimedTenant = tenant.Value,
            ContentType = BusContractJson.ContentType,
            Body = BusContractJson.Serialize(result),
        }.WithCurrentTraceContext(), cancellationToken).ConfigureAwait(false);
        await processed.MarkHandledAsync(tenant, message.MessageId, message.Kind, failed.Count == 0 ? "committed" : "partly-failed", cancellationToken)
            .ConfigureAwait(false);
        return BusHandlingResult.Complete;
    }
}
