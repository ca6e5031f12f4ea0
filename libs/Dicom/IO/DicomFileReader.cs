using System.Buffers.Binary;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Reads DICOM files from streams without loading them whole: recognises the preamble and <c>DICM</c> by sniffing,
/// reads the File Meta Information, then the data set in its transfer syntax (inflating deflated ones). Files without
/// preamble or without meta information are read too, with a warning; their transfer syntax is sniffed from the first
/// element. With <see cref="DicomReaderOptions.StopBeforePixelData"/> it reads headers only and reports how many
/// bytes that took. Broken input throws <see cref="DicomParseException"/> and nothing else.
/// </summary>
public static class DicomFileReader
{
    public static DicomFile Read(string path, DicomReaderOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, options);
    }

    public static async Task<DicomFile> ReadAsync(string path, DicomReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadAsync(stream, options, cancellationToken).ConfigureAwait(false);
        }
    }

    public static DicomFile Read(ReadOnlyMemory<byte> data, DicomReaderOptions? options = null)
    {
        using var stream = new ReadOnlyMemoryStream(data);
        return Read(stream, options);
    }

    /// <summary>Reads a file from the stream's current position.</summary>
    public static DicomFile Read(Stream stream, DicomReaderOptions? options = null) =>
        Synchronously.Complete(ReadCoreAsync(stream, options, useAsync: false, CancellationToken.None));

    public static Task<DicomFile> ReadAsync(Stream stream, DicomReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(stream, options, useAsync: true, cancellationToken).AsTask();

    private static async ValueTask<DicomFile> ReadCoreAsync(Stream stream, DicomReaderOptions? options, bool useAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = DicomStreamReader.WithInputLength(stream, options, 0);
        var warnings = new List<DicomReadWarning>();
        using var feed = new StreamFeed(stream);
        if (useAsync)
        {
            await feed.EnsureAvailableAsync(132, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            feed.EnsureAvailable(132);
        }

        var (layout, preamble, metaStart) = Sniff(feed.Available, warnings);
        if (feed.Available.Length < 8)
        {
            throw new DicomParseException($"The input has {feed.Available.Length} bytes, too few for DICOM", 0);
        }

        feed.Advance(metaStart);
        var meta = new DicomDataset();
        DicomTransferSyntax? syntax = null;
        if (layout != DicomFileLayout.DatasetOnly)
        {
            var metaBuilder = new DicomDatasetBuilder(meta);
            var metaOptions = new DicomReaderOptions
            {
                OnlyGroup = 0x0002,
                MaxValueLength = Math.Min(options.MaxValueLength, 1 << 20),
                MaxDepth = options.MaxDepth,
                InputLength = options.InputLength,
                ResolveUnknownVR = options.ResolveUnknownVR,
            };
            var parser = new DicomParser(DicomTransferSyntax.ExplicitVRLittleEndian, metaBuilder, metaOptions, feed.Offset);
            await DicomStreamReader.RunAsync(parser, feed, useAsync, cancellationToken).ConfigureAwait(false);
            warnings.AddRange(metaBuilder.Warnings);
            CheckGroupLength(meta, metaStart, feed.Offset, warnings);
            syntax = TransferSyntaxOf(meta, warnings);
        }

        if (useAsync)
        {
            await feed.EnsureAvailableAsync(16, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            feed.EnsureAvailable(16);
        }

        syntax ??= SniffSyntax(feed.Available, warnings, feed.Offset);
        var builder = new DicomDatasetBuilder();
        DicomReadResult result;
        if (syntax.IsDeflated)
        {
            var inflated = DeflateSupport.Open(feed.Remainder(), syntax, builder, feed.Offset);
            await using (inflated.ConfigureAwait(false))
            {
                using var inflatedFeed = new StreamFeed(inflated, offset: feed.Offset);
                var parser = new DicomParser(syntax, builder, options.With(null), feed.Offset);
                result = await DicomStreamReader.RunAsync(parser, inflatedFeed, useAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var parser = new DicomParser(syntax, builder, options, feed.Offset);
            result = await DicomStreamReader.RunAsync(parser, feed, useAsync, cancellationToken).ConfigureAwait(false);
        }

        warnings.AddRange(builder.Warnings);
        return new DicomFile(builder.Dataset, meta)
        {
            Preamble = preamble,
            TransferSyntax = syntax,
            Layout = layout,
            Warnings = warnings,
            ReadResult = result,
        };
    }

    private static (DicomFileLayout Layout, ReadOnlyMemory<byte> Preamble, int MetaStart) Sniff(ReadOnlySpan<byte> head, List<DicomReadWarning> warnings)
    {
        if (head.Length >= 132 && head.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            return (DicomFileLayout.Part10, head[..128].ToArray(), 132);
        }

        if (head.Length >= 4 && head[..4].SequenceEqual("DICM"u8))
        {
            warnings.Add(new DicomReadWarning(0, null, "the file has no preamble before 'DICM'."));
            return (DicomFileLayout.MetaWithoutPreamble, ReadOnlyMemory<byte>.Empty, 4);
        }

        if (head.Length >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(head) == 0x0002)
        {
            warnings.Add(new DicomReadWarning(0, null, "the file has no preamble and no 'DICM'; it starts with the File Meta Information."));
            return (DicomFileLayout.MetaWithoutPreamble, ReadOnlyMemory<byte>.Empty, 0);
        }

        warnings.Add(new DicomReadWarning(0, null, "the file has no preamble and no File Meta Information; read as a bare data set."));
        return (DicomFileLayout.DatasetOnly, ReadOnlyMemory<byte>.Empty, 0);
    }

    /// <summary>The transfer syntax of a bare data set, from its first element: byte order from the group, explicit VR when a VR follows the tag.</summary>
    private static DicomTransferSyntax SniffSyntax(ReadOnlySpan<byte> head, List<DicomReadWarning> warnings, long offset)
    {
        if (head.Length < 8)
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        var bigEndian = head[0] == 0 && head[1] != 0;
        var explicitVR = DicomVR.TryParse(head[4], head[5], out _);
        var syntax = bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian
            : explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian
            : DicomTransferSyntax.ImplicitVRLittleEndian;
        warnings.Add(new DicomReadWarning(offset, null, $"the transfer syntax is not given; the data set looks like {syntax.Uid.Name}."));
        return syntax;
    }

    private static DicomTransferSyntax? TransferSyntaxOf(DicomDataset meta, List<DicomReadWarning> warnings)
    {
        string? uid = null;
        try
        {
            uid = meta.GetString(DicomTag.TransferSyntaxUID)?.Trim();
        }
        catch (DicomValueException ex)
        {
            warnings.Add(new DicomReadWarning(0, DicomTag.TransferSyntaxUID, ex.Message));
        }

        if (string.IsNullOrEmpty(uid))
        {
            warnings.Add(new DicomReadWarning(0, DicomTag.TransferSyntaxUID, "the File Meta Information has no Transfer Syntax UID."));
            return null;
        }

        var syntax = DicomTransferSyntax.Lookup(uid);
        if (!syntax.Uid.IsRegistered)
        {
            warnings.Add(new DicomReadWarning(0, DicomTag.TransferSyntaxUID, $"unknown transfer syntax {uid}; read as explicit VR little endian."));
        }

        return syntax;
    }

    private static void CheckGroupLength(DicomDataset meta, int metaStart, long metaEnd, List<DicomReadWarning> warnings)
    {
        if (meta.GetElement(DicomTag.FileMetaInformationGroupLength) is not { Length: 4 } element)
        {
            warnings.Add(new DicomReadWarning(metaStart, DicomTag.FileMetaInformationGroupLength, "the File Meta Information has no group length."));
            return;
        }

        long declared;
        try
        {
            declared = element.GetNumber<long>();
        }
        catch (DicomValueException ex)
        {
            warnings.Add(new DicomReadWarning(metaStart, DicomTag.FileMetaInformationGroupLength, ex.Message));
            return;
        }

        var actual = metaEnd - metaStart - 12;
        if (declared != actual)
        {
            warnings.Add(new DicomReadWarning(metaStart, DicomTag.FileMetaInformationGroupLength, $"the File Meta Information group length says {declared} bytes but the group has {actual}."));
        }
    }
}
