namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>The reason byte of A-ASSOCIATE-RJ (PS3.8 table 9-21), per source.</summary>
public static class AssociateRejectReason
{
    /// <summary>Service-user: no reason given.</summary>
    public const byte NoReasonGiven = 1;

    /// <summary>Service-user: application context name not supported.</summary>
    public const byte ApplicationContextNameNotSupported = 2;

    /// <summary>Service-user: calling AE title not recognized.</summary>
    public const byte CallingAeTitleNotRecognized = 3;

    /// <summary>Service-user: called AE title not recognized.</summary>
    public const byte CalledAeTitleNotRecognized = 7;

    /// <summary>Service-provider (ACSE): protocol version not supported.</summary>
    public const byte ProtocolVersionNotSupported = 2;

    /// <summary>Service-provider (presentation): temporary congestion.</summary>
    public const byte TemporaryCongestion = 1;

    /// <summary>Service-provider (presentation): local limit exceeded.</summary>
    public const byte LocalLimitExceeded = 2;

    /// <summary>A readable description of a source and reason, for logs and exception messages.</summary>
    public static string Describe(AssociateRejectSource source, byte reason) => (source, reason) switch
    {
        (AssociateRejectSource.ServiceUser, NoReasonGiven) => "service user: no reason given",
        (AssociateRejectSource.ServiceUser, ApplicationContextNameNotSupported) => "service user: application context name not supported",
        (AssociateRejectSource.ServiceUser, CallingAeTitleNotRecognized) => "service user: calling AE title not recognized",
        (AssociateRejectSource.ServiceUser, CalledAeTitleNotRecognized) => "service user: called AE title not recognized",
        (AssociateRejectSource.ServiceProviderAcse, NoReasonGiven) => "service provider (ACSE): no reason given",
        (AssociateRejectSource.ServiceProviderAcse, ProtocolVersionNotSupported) => "service provider (ACSE): protocol version not supported",
        (AssociateRejectSource.ServiceProviderPresentation, TemporaryCongestion) => "service provider (presentation): temporary congestion",
        (AssociateRejectSource.ServiceProviderPresentation, LocalLimitExceeded) => "service provider (presentation): local limit exceeded",
        _ => $"source {(byte)source}, reason {reason}",
    };
}
