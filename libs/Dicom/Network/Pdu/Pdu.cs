namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// A protocol data unit of the DICOM Upper Layer (PS3.8 section 9.3): immutable, compared by value. Read with
/// <see cref="PduReader"/>, written with <see cref="PduWriter"/>.
/// </summary>
public abstract record Pdu
{
    /// <summary>The PDU type byte.</summary>
    public abstract PduType Type { get; }
}
