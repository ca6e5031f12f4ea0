namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>P-DATA-TF (PS3.8 section 9.3.5): one or more presentation data values.</summary>
public sealed record PDataTransferPdu(ValueList<PresentationDataValue> Values) : Pdu
{
    public PDataTransferPdu(PresentationDataValue value)
        : this(new ValueList<PresentationDataValue>([value]))
    {
    }

    public override PduType Type => PduType.PDataTransfer;
}
