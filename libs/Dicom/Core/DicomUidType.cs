namespace CloudRisPacs.Dicom;

/// <summary>The kind of a registered UID (PS3.6 Annex A, column "UID Type").</summary>
public enum DicomUidType
{
    /// <summary>Not in the registry (an instance, study or series UID, or a private UID).</summary>
    Unregistered,
    TransferSyntax,
    SopClass,
    MetaSopClass,
    ServiceClass,
    WellKnownSopInstance,
    WellKnownFrameOfReference,
    CodingScheme,
    ApplicationContextName,
    LdapOid,

    /// <summary>Any other registered kind (application hosting model, mapping resource, ...).</summary>
    Other,
}
