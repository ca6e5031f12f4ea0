using System.IO.Compression;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Copies a data set from a stream (a network stream of P-DATA values) to a sink (a spool file) while parsing it,
/// never holding a whole large value: the parser reports to a <see cref="DicomStreamWriter"/> that re-encodes each
/// chunk (in the same or another uncompressed transfer syntax) and to a builder that keeps a header-only copy. The
/// output is flushed after every step, so memory stays at about one buffer. Compressed pixel data is carried through
/// only between identical encapsulated transfer syntaxes. The header copy leaves out pixel data and values over
/// <see cref="DefaultRetainedValueLength"/> bytes.
/// </summary>
public static class DicomStreamCopier
{
    /// <summary>Values longer than this are left out of the header copy (default 64 KiB).</summary>
    public const long DefaultRetainedValueLength = 64 * 1024;

    public static DicomStreamCopyResult Copy(Stream source, DicomTransferSyntax sourceSyntax, Stream destination, DicomTransferSyntax destinationSyntax, DicomReaderOptions? options = null) =>
        Synchronously.Complete(CopyCoreAsync(source, sourceSyntax, destination, destinationSyntax, options, useAsync: false, CancellationToken.None));

    public static Task<DicomStreamCopyResult> CopyAsync(Stream source, DicomTransferSyntax sourceSyntax, Stream destination, DicomTransferSyntax destinationSyntax, DicomReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        CopyCoreAsync(source, sourceSyntax, destination, destinationSyntax, options, useAsync: true, cancellationToken).AsTask();

    private static async ValueTask<DicomStreamCopyResult> CopyCoreAsync(Stream source, DicomTransferSyntax sourceSyntax, Stream destination, DicomTransferSyntax destinationSyntax, DicomReaderOptions? options, bool useAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sourceSyntax);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(destinationSyntax);
        if ((sourceSyntax.IsEncapsulated || destinationSyntax.IsEncapsulated) && !sourceSyntax.Equals(destinationSyntax))
        {
            throw new ArgumentException($"Cannot copy from {sourceSyntax.Uid.Name} to {destinationSyntax.Uid.Name}: compressed pixel data is carried through, never transcoded.", nameof(destinationSyntax));
        }

        using var writer = new DicomStreamWriter(destinationSyntax);
        var header = new DicomDatasetBuilder { MaxRetainedValueLength = DefaultRetainedValueLength, SkipPixelData = true };
        var tee = new DicomObserverTee(writer, header);
        var input = DeflateSupport.Open(source, sourceSyntax, tee);
        var output = destinationSyntax.IsDeflated ? new DeflateStream(destination, CompressionLevel.Optimal, leaveOpen: true) : destination;
        try
        {
            using var feed = new StreamFeed(input);
            var parser = new DicomParser(sourceSyntax, tee, sourceSyntax.IsDeflated ? (options ?? DicomReaderOptions.Default).With(null) : DicomStreamReader.WithInputLength(source, options, 0));
            var result = await DicomStreamReader.RunAsync(parser, feed, useAsync, cancellationToken, afterStep: () => Flush(writer, output, useAsync, cancellationToken)).ConfigureAwait(false);
            await Flush(writer, output, useAsync, cancellationToken).ConfigureAwait(false);
            return new DicomStreamCopyResult(header.Dataset, header.Warnings, result, writer.BytesWritten);
        }
        finally
        {
            await input.DisposeAsync().ConfigureAwait(false);
            if (output != destination)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ValueTask Flush(DicomStreamWriter writer, Stream output, bool useAsync, CancellationToken cancellationToken)
    {
        if (useAsync)
        {
            return writer.FlushToAsync(output, cancellationToken);
        }

        writer.FlushTo(output);
        return ValueTask.CompletedTask;
    }
}
