namespace CloudRisPacs.Edge.Outbound;

/// <summary>The ways a delivery attempt to the RIS can end.</summary>
public enum DeliveryVerdictKind
{
    Delivered,

    /// <summary>The RIS (or the exchange) refused or did not answer; counts against the message.</summary>
    Failed,

    /// <summary>The RIS could not be reached; the message waits without losing an attempt.</summary>
    Unreachable,

    /// <summary>
    /// The RIS answered with a code that says it cannot take messages now (AR/CR by default, <see cref="Configuration.RisEndpointOptions.UnavailableCodes"/>):
    /// HL7 v2.5 2.9.2.2 has them for reasons unrelated to content, usually acceptable later. Waits like an outage.
    /// </summary>
    Unavailable,

    /// <summary>The message cannot be sent at all (bytes MLLP cannot carry): parked at once, a retry would fail alike.</summary>
    Unsendable,
}
