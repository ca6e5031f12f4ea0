using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// The response to one sent message: a general ACK or an application response that acknowledges with an MSA segment
/// (ORR^O02 to an ORM^O01, ORL, RRI...). <see cref="ControlIdMatches"/> says whether MSA-2 echoes the sent MSH-10; a
/// response without MSA has an empty code and <see cref="ResponseError"/> says why.
/// </summary>
public sealed record MllpSendResult(ReadOnlyMemory<byte> Response, string SentControlId, int Attempts)
{
    /// <summary>The parsed response, when it acknowledges with an MSA segment.</summary>
    public Hl7Message? Message { get; init; }

    /// <summary>Why the response is not a usable acknowledgement, when it is not.</summary>
    public string? ResponseError { get; init; }

    /// <summary>The response's MSA segment.</summary>
    public MsaSegment? Msa => Message?.FindSegment("MSA") is { } msa ? new MsaSegment(msa) : null;

    /// <summary>The response's ERR segments.</summary>
    public IReadOnlyList<ErrSegment> Errors => Message?.GetSegments("ERR").Select(s => new ErrSegment(s)).ToList() ?? [];

    /// <summary>MSA-1.</summary>
    public string AcknowledgmentCode => Msa?.AcknowledgmentCode ?? string.Empty;

    /// <summary>MSA-2.</summary>
    public string AcknowledgedControlId => Msa?.MessageControlId ?? string.Empty;

    public bool ControlIdMatches => Message is not null && SentControlId.Length > 0 && AcknowledgedControlId == SentControlId;

    /// <summary>AA or CA, for the message that was sent.</summary>
    public bool IsAccepted => ControlIdMatches && AcknowledgmentCode is "AA" or "CA";
}
