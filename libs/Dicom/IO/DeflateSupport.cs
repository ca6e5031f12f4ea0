namespace CloudRisPacs.Dicom.IO;

/// <summary>Opens the data set stream of a transfer syntax: inflated for the deflated syntaxes, otherwise the stream itself. The returned stream never closes the one given.</summary>
internal static class DeflateSupport
{
    public static Stream Open(Stream stream, DicomTransferSyntax syntax, IDicomReaderObserver observer, long offset = 0) =>
        syntax.IsDeflated ? new InflatingStream(stream, observer, offset) : new PrefixedStream(ReadOnlyMemory<byte>.Empty, stream);
}
