using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Validation;

/// <summary>One problem found in a message: table 0357 code, exact location, text, and whether it is an error or a warning.</summary>
public sealed record Hl7ValidationIssue(Hl7ErrorCode Code, Hl7Location Location, string Message, bool IsError = true)
{
    /// <summary>As an ERR entry for an acknowledgement.</summary>
    public Hl7AckError ToAckError() => new(Code, Location, Message, IsError ? "E" : "W");

    public override string ToString() => $"{Location}: {Message} ({(int)Code})";
}
