namespace CloudRisPacs.Hl7.Ack;

/// <summary>HL7 table 0008, MSA-1.</summary>
public enum Hl7AckCode
{
    /// <summary>Original mode: application accept.</summary>
    AA,

    /// <summary>Original mode: application error.</summary>
    AE,

    /// <summary>Original mode: application reject.</summary>
    AR,

    /// <summary>Enhanced mode: commit accept (the message is safely stored).</summary>
    CA,

    /// <summary>Enhanced mode: commit error.</summary>
    CE,

    /// <summary>Enhanced mode: commit reject.</summary>
    CR,
}
