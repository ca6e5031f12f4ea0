namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// What one DIMSE message is: its command field, which command element carries the SOP class, the SOP instance and the
/// message id, and whether a data set follows. Building, reading and logging commands is generic over these.
/// </summary>
public sealed record DimseDescriptor(
    DimseCommandField Field,
    string Name,
    bool IsRequest,
    DicomTag SopClassTag,
    DicomTag? SopInstanceTag,
    DimseDataSetPresence DataSet)
{
    /// <summary>(0000,0110) Message ID on requests; (0000,0120) Message ID Being Responded To on responses and C-CANCEL-RQ.</summary>
    public DicomTag MessageIdTag => IsRequest && Field != DimseCommandField.CCancelRequest ? DicomTag.MessageID : DicomTag.MessageIDBeingRespondedTo;

    /// <summary>The response field of a request (bit 15 set), or the request field of a response.</summary>
    public DimseCommandField Counterpart => (DimseCommandField)((ushort)Field ^ 0x8000);

    public override string ToString() => Name;
}
