namespace CloudRisPacs.Dicom.Network.Pdu;

/// <summary>
/// One presentation data value item of a P-DATA-TF PDU (PS3.8 section 9.3.5.1 and annex E): a fragment of a DIMSE
/// command or data set on a presentation context. The message control header says which, and whether it is the last.
/// </summary>
public sealed record PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLastFragment, ByteString Data)
{
    /// <summary>The message control header byte: bit 0 command, bit 1 last fragment.</summary>
    public byte MessageControlHeader => (byte)((IsCommand ? 1 : 0) | (IsLastFragment ? 2 : 0));

    public override string ToString() =>
        $"PDV context {PresentationContextId} {(IsCommand ? "command" : "data")}{(IsLastFragment ? " last" : string.Empty)} {Data.Length} bytes";
}
