using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Core.Orders;

/// <summary>An <c>hl7.received</c> message being ingested: the tenant's policy, the envelope, the parsed message.</summary>
public sealed record Hl7Inbound(TenantPolicy Policy, BusMessage Message, Hl7Message Hl7, string Raw)
{
    public Tenancy.TenantId Tenant => Policy.Tenant;

    public string MessageId => Message.MessageId;

    /// <summary>When the edge agent stored the message: the arrival part of version stamps.</summary>
    public DateTimeOffset ArrivedAt => Message.CreatedAt;

    public string MessageType => Hl7.Header.GetField(9).RawText;

    public string ControlId => Hl7.Header.GetValue(10);
}
