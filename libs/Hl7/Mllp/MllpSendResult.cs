using CloudRisPacs.Hl7.Messages;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// The response to one sent message. <see cref="ControlIdMatches"/> says whether MSA-2 echoes the sent MSH-10;
/// a response that is not a readable ACK has an empty code and <see cref="ResponseError"/> says why.
/// </summary>
public sealed record MllpSendResult(ReadOnlyMemory<byte> Response, string SentControlId, int Attempts)
{
    /// <summary>The parsed acknowledgement, when the response was one.</summary>
    public AckMessage? Ack { get; init; }

    /// <summary>Why the response is not a usable ACK, when it is not.</summary>
    public string? ResponseError { get; init; }

    /// <summary>MSA-1.</summary>
    public string AcknowledgmentCode => Ack?.AcknowledgmentCode ?? string.Empty;

    /// <summary>MSA-2.</summary>
    public string AcknowledgedControlId => Ack?.AcknowledgedControlId ?? string.Empty;

    public bool ControlIdMatches => Ack is not null && SentControlId.Length > 0 && AcknowledgedControlId == SentControlId;

    /// <summary>AA or CA, for the message that was sent.</summary>
    public bool IsAccepted => ControlIdMatches && Ack!.IsPositive;
}
