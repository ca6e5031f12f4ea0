namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>
/// Body of <see cref="BusMessageKinds.Hl7Outcome"/>: in enhanced acknowledgement mode the edge answered CA on commit;
/// this is the cloud's processing outcome, which the edge turns into the application ACK (AA/AE/AR) for the RIS.
/// </summary>
public sealed record Hl7Outcome
{
    /// <summary>The bus message id of the <see cref="BusMessageKinds.Hl7Received"/> message this answers.</summary>
    public required string ReceivedMessageId { get; init; }

    /// <summary>MSH-10 of the original HL7 message (becomes MSA-2).</summary>
    public required string ControlId { get; init; }

    /// <summary>AA, AE or AR.</summary>
    public required string AcknowledgmentCode { get; init; }

    /// <summary>HL7 table 0357 error code when not AA (for example 207 application internal error).</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorText { get; init; }
}
