using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Edge.Outbound;
using CloudRisPacs.Edge.Worklist;
using Microsoft.Extensions.DependencyInjection;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>The kinds the agent consumes from its edge channel, and the handler of each.</summary>
public static class EdgeBusHandlers
{
    public static IEnumerable<KeyValuePair<string, IBusMessageHandler>> For(IServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        yield return new(BusMessageKinds.Hl7Outbound, provider.GetRequiredService<OutboundHl7Intake>());
        yield return new(BusMessageKinds.Hl7Outcome, provider.GetRequiredService<Hl7OutcomeHandler>());
        yield return new(BusMessageKinds.WorklistChanged, provider.GetRequiredService<WorklistChangeHandler>());
        yield return new(BusMessageKinds.DicomCommitmentResult, provider.GetRequiredService<DicomServices.CommitmentResultHandler>());
    }
}
