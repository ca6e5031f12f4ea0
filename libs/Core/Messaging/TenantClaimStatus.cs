namespace CloudRisPacs.Core.Messaging;

/// <summary>How a message's <see cref="BusMessage.ClaimedTenant"/> relates to the tenant of its channel.</summary>
public enum TenantClaimStatus
{
    /// <summary>The sender claimed no tenant; the channel's tenant applies.</summary>
    NotClaimed,

    /// <summary>The claim equals the channel's tenant.</summary>
    Matches,

    /// <summary>The payload claims another tenant: refuse it and report it.</summary>
    Mismatch,
}
