namespace CloudRisPacs.Core.Results;

/// <summary>An outbound message's record before and after a delivery result from the edge was applied.</summary>
public sealed record OutboundResultRecorded(OutboundRecord Previous, OutboundRecord Current);
