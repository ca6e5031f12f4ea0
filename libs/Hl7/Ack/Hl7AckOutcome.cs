namespace CloudRisPacs.Hl7.Ack;

/// <summary>What the receiver decided, independent of acknowledgement mode; the builder maps it to AA/AE/AR or CA/CE/CR.</summary>
public enum Hl7AckOutcome
{
    /// <summary>Accepted (AA, or CA in enhanced mode).</summary>
    Accepted,

    /// <summary>Content error; the sender may correct and resend (AE, or CE).</summary>
    Error,

    /// <summary>Rejected as a message: unsupported type, version, processing id, unreadable (AR, or CR).</summary>
    Rejected,
}
