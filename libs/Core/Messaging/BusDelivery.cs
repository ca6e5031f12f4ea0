using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// How a message reached the handler: the channel (and so the tenant), how often it has been delivered, and the
/// transport's own id. Delivery is at least once; a <see cref="DeliveryCount"/> above 1 means an earlier attempt did
/// not complete, and the same <see cref="BusMessage.MessageId"/> may also arrive again as a separate delivery.
/// </summary>
/// <param name="Channel">The channel the message arrived on.</param>
/// <param name="DeliveryCount">1 on the first delivery, incremented by the transport on each redelivery.</param>
/// <param name="TransportMessageId">The transport's id of this copy (not the envelope's MessageId).</param>
/// <param name="EnqueuedAt">When the transport accepted the message, when it says.</param>
public sealed record BusDelivery(BusChannel Channel, int DeliveryCount, string TransportMessageId, DateTimeOffset? EnqueuedAt)
{
    /// <summary>The tenant derived from the channel: the only tenant identity a handler may trust.</summary>
    public TenantId Tenant => Channel.Tenant;

    /// <summary>True when an earlier delivery of this copy did not complete.</summary>
    public bool IsRedelivery => DeliveryCount > 1;

    /// <summary>Compares the message's claimed tenant with the channel's tenant.</summary>
    public TenantClaimStatus CheckClaimedTenant(BusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ClaimedTenant is null)
        {
            return TenantClaimStatus.NotClaimed;
        }

        return string.Equals(message.ClaimedTenant, Tenant.Value, StringComparison.Ordinal)
            ? TenantClaimStatus.Matches
            : TenantClaimStatus.Mismatch;
    }
}
