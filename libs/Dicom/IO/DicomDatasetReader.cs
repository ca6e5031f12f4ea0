namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Decodes a data set (no preamble, no File Meta Information) in a given transfer syntax: what DIMSE command sets
/// (implicit VR little endian, group 0000) and data sets in P-DATA are. Deflated transfer syntaxes are inflated.
/// </summary>
public static class DicomDatasetReader
{
    public static DicomDatasetReadResult Read(ReadOnlySpan<byte> data, DicomTransferSyntax syntax, DicomReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.IsDeflated)
        {
            using var stream = new MemoryStream(data.ToArray(), writable: false);
            return Read(stream, syntax, options);
        }

        var builder = new DicomDatasetBuilder();
        var result = DicomStreamReader.Read(data, syntax, builder, options);
        return new DicomDatasetReadResult(builder.Dataset, builder.Warnings, result);
    }

    public static DicomDatasetReadResult Read(Stream stream, DicomTransferSyntax syntax, DicomReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(syntax);
        var builder = new DicomDatasetBuilder();
        using var source = DeflateSupport.Open(stream, syntax, builder);
        var result = DicomStreamReader.Read(source, syntax, builder, options);
        return new DicomDatasetReadResult(builder.Dataset, builder.Warnings, result);
    }

    public static async Task<DicomDatasetReadResult> ReadAsync(Stream stream, DicomTransferSyntax syntax, DicomReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(syntax);
        var builder = new DicomDatasetBuilder();
        var source = DeflateSupport.Open(stream, syntax, builder);
        await using (source.ConfigureAwait(false))
        {
            var result = await DicomStreamReader.ReadAsync(source, syntax, builder, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new DicomDatasetReadResult(builder.Dataset, builder.Warnings, result);
        }
    }
}
