using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>The pipeline's router as a DI-resolvable handler for <c>AddBusConsumer</c> (transport-independent).</summary>
public sealed class CloudMessageRouter(CloudPipeline pipeline) : IBusMessageHandler
{
    public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.Router.HandleAsync(message, delivery, cancellationToken);
    }
}
