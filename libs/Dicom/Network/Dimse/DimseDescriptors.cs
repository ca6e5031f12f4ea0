using System.Collections.Frozen;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>The DIMSE message table (PS3.7 sections 9.3 and 10.3): one line per message, checkable against the standard.</summary>
public static class DimseDescriptors
{
    private static readonly FrozenDictionary<DimseCommandField, DimseDescriptor> ByField = new DimseDescriptor[]
    {
        // Field, name, request, SOP class element, SOP instance element, data set (PS3.7 tables 9.3-1 to 10.3-12)
        new(DimseCommandField.CStoreRequest, "C-STORE-RQ", true, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Always),
        new(DimseCommandField.CStoreResponse, "C-STORE-RSP", false, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Never),
        new(DimseCommandField.CFindRequest, "C-FIND-RQ", true, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Always),
        new(DimseCommandField.CFindResponse, "C-FIND-RSP", false, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Optional),
        new(DimseCommandField.CGetRequest, "C-GET-RQ", true, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Always),
        new(DimseCommandField.CGetResponse, "C-GET-RSP", false, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Optional),
        new(DimseCommandField.CMoveRequest, "C-MOVE-RQ", true, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Always),
        new(DimseCommandField.CMoveResponse, "C-MOVE-RSP", false, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Optional),
        new(DimseCommandField.CEchoRequest, "C-ECHO-RQ", true, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Never),
        new(DimseCommandField.CEchoResponse, "C-ECHO-RSP", false, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Never),
        new(DimseCommandField.CCancelRequest, "C-CANCEL-RQ", true, DicomTag.AffectedSOPClassUID, null, DimseDataSetPresence.Never),
        new(DimseCommandField.NEventReportRequest, "N-EVENT-REPORT-RQ", true, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NEventReportResponse, "N-EVENT-REPORT-RSP", false, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NGetRequest, "N-GET-RQ", true, DicomTag.RequestedSOPClassUID, DicomTag.RequestedSOPInstanceUID, DimseDataSetPresence.Never),
        new(DimseCommandField.NGetResponse, "N-GET-RSP", false, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NSetRequest, "N-SET-RQ", true, DicomTag.RequestedSOPClassUID, DicomTag.RequestedSOPInstanceUID, DimseDataSetPresence.Always),
        new(DimseCommandField.NSetResponse, "N-SET-RSP", false, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NActionRequest, "N-ACTION-RQ", true, DicomTag.RequestedSOPClassUID, DicomTag.RequestedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NActionResponse, "N-ACTION-RSP", false, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NCreateRequest, "N-CREATE-RQ", true, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NCreateResponse, "N-CREATE-RSP", false, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Optional),
        new(DimseCommandField.NDeleteRequest, "N-DELETE-RQ", true, DicomTag.RequestedSOPClassUID, DicomTag.RequestedSOPInstanceUID, DimseDataSetPresence.Never),
        new(DimseCommandField.NDeleteResponse, "N-DELETE-RSP", false, DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID, DimseDataSetPresence.Never),
    }.ToFrozenDictionary(d => d.Field);

    public static IEnumerable<DimseDescriptor> All => ByField.Values;

    public static bool TryGet(DimseCommandField field, [NotNullWhen(true)] out DimseDescriptor? descriptor) =>
        ByField.TryGetValue(field, out descriptor);

    public static DimseDescriptor Get(DimseCommandField field) =>
        ByField.TryGetValue(field, out var descriptor) ? descriptor : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a DIMSE command field.");
}
