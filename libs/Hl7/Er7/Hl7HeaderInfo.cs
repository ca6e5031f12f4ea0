namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// What could be read from a message header that may be damaged: enough to address a negative acknowledgement
/// (applications, facilities, control id, version, acknowledgement types). Missing parts are empty strings.
/// </summary>
public sealed record Hl7HeaderInfo
{
    /// <summary>The delimiters when MSH-1/MSH-2 were readable; otherwise the standard ones.</summary>
    public Hl7Delimiters Delimiters { get; init; } = Hl7Delimiters.Standard;

    /// <summary>True when the bytes started with <c>MSH</c> and a field separator.</summary>
    public bool HasHeader { get; init; }

    public string SendingApplication { get; init; } = string.Empty;

    public string SendingFacility { get; init; } = string.Empty;

    public string ReceivingApplication { get; init; } = string.Empty;

    public string ReceivingFacility { get; init; } = string.Empty;

    /// <summary>MSH-9.1 (message code).</summary>
    public string MessageCode { get; init; } = string.Empty;

    /// <summary>MSH-9.2 (trigger event).</summary>
    public string TriggerEvent { get; init; } = string.Empty;

    /// <summary>MSH-10, the control id the acknowledgement's MSA-2 must echo.</summary>
    public string ControlId { get; init; } = string.Empty;

    public string ProcessingId { get; init; } = string.Empty;

    public string VersionId { get; init; } = string.Empty;

    /// <summary>MSH-15; with MSH-16, non-empty means enhanced acknowledgement mode.</summary>
    public string AcceptAcknowledgmentType { get; init; } = string.Empty;

    /// <summary>MSH-16.</summary>
    public string ApplicationAcknowledgmentType { get; init; } = string.Empty;

    /// <summary>MSH-18 as written.</summary>
    public string CharacterSet { get; init; } = string.Empty;
}
