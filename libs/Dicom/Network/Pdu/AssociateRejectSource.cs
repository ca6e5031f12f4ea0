namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>The source field of A-ASSOCIATE-RJ (PS3.8 table 9-21); it decides what the reason byte means.</summary>
public enum AssociateRejectSource : byte
{
    /// <summary>DICOM UL service-user; reasons in <see cref="AssociateRejectReason"/> (1, 2, 3, 7).</summary>
    ServiceUser = 1,

    /// <summary>DICOM UL service-provider, ACSE related function; reasons 1 (no reason) and 2 (protocol version not supported).</summary>
    ServiceProviderAcse = 2,

    /// <summary>DICOM UL service-provider, presentation related function; reasons 1 (temporary congestion) and 2 (local limit exceeded).</summary>
    ServiceProviderPresentation = 3,
}
