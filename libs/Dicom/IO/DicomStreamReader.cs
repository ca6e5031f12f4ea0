namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Feeds a <see cref="DicomParser"/> from a stream without loading it whole: one pooled buffer, refilled as the
/// parser consumes it. The synchronous and asynchronous loops differ only in how they read.
/// </summary>
public static class DicomStreamReader
{
    /// <summary>The buffer size used for streams.</summary>
    public const int BufferSize = 64 * 1024;

    /// <summary>Reads a data set in the given transfer syntax from the stream's current position to its end (or the stop tag).</summary>
    public static DicomReadResult Read(Stream stream, DicomTransferSyntax syntax, IDicomReaderObserver observer, DicomReaderOptions? options = null, long startOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var feed = new StreamFeed(stream, offset: startOffset);
        return Run(new DicomParser(syntax, observer, WithInputLength(stream, options, startOffset), startOffset), feed);
    }

    /// <summary>Reads a data set asynchronously; see <see cref="Read(Stream, DicomTransferSyntax, IDicomReaderObserver, DicomReaderOptions?, long)"/>.</summary>
    public static async Task<DicomReadResult> ReadAsync(Stream stream, DicomTransferSyntax syntax, IDicomReaderObserver observer, DicomReaderOptions? options = null, long startOffset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var feed = new StreamFeed(stream, offset: startOffset);
        return await RunAsync(new DicomParser(syntax, observer, WithInputLength(stream, options, startOffset), startOffset), feed, useAsync: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a data set held in memory.</summary>
    public static DicomReadResult Read(ReadOnlySpan<byte> data, DicomTransferSyntax syntax, IDicomReaderObserver observer, DicomReaderOptions? options = null, long startOffset = 0)
    {
        options ??= DicomReaderOptions.Default;
        var parser = new DicomParser(syntax, observer, options.InputLength is null ? options.With(startOffset + data.Length) : options, startOffset);
        var status = parser.Parse(data, isFinalBlock: true, out _);
        return new DicomReadResult(status, parser.Position);
    }

    internal static DicomReadResult Run(DicomParser parser, StreamFeed feed) =>
        Synchronously.Complete(RunAsync(parser, feed, useAsync: false, CancellationToken.None));

    /// <summary>The loop: parse what is buffered, read more when the parser asks. With <paramref name="useAsync"/> false it completes synchronously.</summary>
    internal static async ValueTask<DicomReadResult> RunAsync(DicomParser parser, StreamFeed feed, bool useAsync, CancellationToken cancellationToken, Func<ValueTask>? afterStep = null)
    {
        while (true)
        {
            var status = parser.Parse(feed.Available, feed.IsFinal, out var consumed);
            feed.Advance(consumed);
            if (status != DicomParseStatus.NeedMoreData)
            {
                return new DicomReadResult(status, parser.Position);
            }

            if (afterStep is not null)
            {
                await afterStep().ConfigureAwait(false);
            }

            if (useAsync)
            {
                await feed.FillAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                feed.Fill();
            }
        }
    }

    internal static DicomReaderOptions WithInputLength(Stream stream, DicomReaderOptions? options, long startOffset)
    {
        options ??= DicomReaderOptions.Default;
        if (options.InputLength is null && stream.CanSeek)
        {
            try
            {
                return options.With(startOffset + (stream.Length - stream.Position));
            }
            catch (NotSupportedException)
            {
                return options;
            }
        }

        return options;
    }
}
