namespace CloudRisPacs.Dicom.IO;

/// <summary>The number of bytes entries take when written by <see cref="DicomStreamWriter"/> in a transfer syntax.</summary>
internal static class DicomEncodedLength
{
    public static long Of(DicomEntry entry, DicomTransferSyntax syntax, bool definedLengths) => entry switch
    {
        DicomElement element => HeaderLength(element.VR, (uint)element.Length, syntax) + Padded(element.Length),
        DicomSequence sequence => HeaderLength(DicomVR.SQ, 0, syntax) + SequenceLength(sequence, syntax, definedLengths),
        DicomFragmentSequence fragments => HeaderLength(DicomVR.OB, 0, syntax) + 8 + Padded(fragments.OffsetTable.Length)
            + fragments.Fragments.Sum(f => 8 + Padded(f.Length)) + 8,
        _ => 0,
    };

    /// <summary>The bytes after a sequence's header, with the rule the writer applies in implicit VR (see <see cref="UsesDefinedLength"/>).</summary>
    public static long SequenceLength(DicomSequence sequence, DicomTransferSyntax syntax, bool definedLengths)
    {
        var defined = UsesDefinedLength(sequence, syntax, definedLengths);
        return SequenceContent(sequence, syntax, defined) + (defined ? 0 : 8);
    }

    /// <summary>
    /// Whether a sequence is written with a defined length: when asked, and always in implicit VR for a tag the public
    /// dictionary does not know as SQ (a reader learns it is a sequence only from its dictionary; a defined length lets
    /// one without it skip the value).
    /// </summary>
    public static bool UsesDefinedLength(DicomSequence sequence, DicomTransferSyntax syntax, bool definedLengths) =>
        definedLengths || (!syntax.IsExplicitVR && DicomDictionary.Find(sequence.Tag)?.VR != DicomVR.SQ);

    /// <summary>The length of a sequence's value: its items with their headers (and delimiters when undefined).</summary>
    public static long SequenceContent(DicomSequence sequence, DicomTransferSyntax syntax, bool definedLengths) =>
        sequence.Items.Sum(item => 8 + ItemContent(item, syntax, definedLengths) + (definedLengths ? 0 : 8));

    /// <summary>The length of an item's value: its entries (group lengths other than 0000 and 0002 are left out).</summary>
    public static long ItemContent(DicomDataset item, DicomTransferSyntax syntax, bool definedLengths) =>
        DicomDatasetWriter.EntriesToWrite(item).Sum(entry => Of(entry, syntax, definedLengths));

    public static long HeaderLength(DicomVR vr, uint length, DicomTransferSyntax syntax) =>
        !syntax.IsExplicitVR ? 8 : vr.HasLongExplicitLength || length > 0xFFFE ? 12 : 8;

    private static long Padded(int length) => length + (length % 2);
}
