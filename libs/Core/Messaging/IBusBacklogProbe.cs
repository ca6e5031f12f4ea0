namespace CloudRisPacs.Core.Messaging;

/// <summary>Reads a channel's backlog and dead-letter count from the transport.</summary>
public interface IBusBacklogProbe
{
    Task<BusBacklog> GetBacklogAsync(BusChannel channel, CancellationToken cancellationToken = default);
}
