using System.Diagnostics;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Continues the W3C trace of a message in the process that handles it, so one trace runs from the MLLP socket or
/// DICOM association to the table row. Listen to <see cref="SourceName"/> (OpenTelemetry: <c>AddSource</c>).
/// </summary>
public static class BusTracing
{
    public const string SourceName = "CloudRisPacs.Bus";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the consumer activity of one delivery, parented to the message's trace context when valid.</summary>
    public static Activity? StartProcessing(BusMessage message, BusDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        ActivityContext parent = default;
        if (message.TraceParent is { } traceParent)
        {
            // An invalid traceparent is ignored, as W3C Trace Context requires, rather than failing the message.
            _ = ActivityContext.TryParse(traceParent, message.TraceState, isRemote: true, out parent);
        }

        var activity = Source.StartActivity($"process {message.Kind}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("messaging.destination.name", delivery.Channel.Name);
        activity?.SetTag("messaging.message.conversation_id", message.CorrelationId);
        activity?.SetTag("messaging.delivery_count", delivery.DeliveryCount);
        activity?.SetTag("cloudrispacs.tenant", delivery.Tenant.Value);
        activity?.SetTag("cloudrispacs.kind", message.Kind);
        return activity;
    }
}
