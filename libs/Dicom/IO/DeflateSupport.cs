namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Opens the data set stream of a transfer syntax: inflated for the deflated syntaxes (raw RFC 1951 deflate, as
/// PS3.5 section A.5 requires; a zlib header, which some writers add, is recognised with a warning), otherwise the
/// stream itself. The returned stream never closes the one given.
/// </summary>
internal static class DeflateSupport
{
    public static Stream Open(Stream stream, DicomTransferSyntax syntax, IDicomReaderObserver observer, long offset = 0)
    {
        if (!syntax.IsDeflated)
        {
            return new PrefixedStream(ReadOnlyMemory<byte>.Empty, stream);
        }

        var head = new byte[2];
        var read = 0;
        while (read < 2)
        {
            var n = stream.Read(head, read, 2 - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var prefixed = new PrefixedStream(head.AsMemory(0, read), stream);
        var zlib = read == 2 && (head[0] & 0x0F) == 8 && (head[0] >> 4) <= 7 && ((head[0] << 8) | head[1]) % 31 == 0;
        if (zlib)
        {
            observer.OnWarning(new DicomReadWarning(offset, null, "the deflated data set has a zlib header, which PS3.5 does not allow; it was read anyway."));
        }

        return new InflatingStream(prefixed, zlib);
    }
}
