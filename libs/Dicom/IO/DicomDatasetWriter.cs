using System.Buffers.Binary;
using System.IO.Compression;

namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Encodes a data set in a transfer syntax (no preamble, no File Meta Information): what a DIMSE command set
/// (implicit VR little endian, with its group length computed) or a P-DATA data set is. Values are padded to even
/// length; the group lengths of groups 0000 and 0002 are computed and written, other group lengths (retired) are left
/// out; deflated transfer syntaxes are raw-deflated. Big values are written from the element's memory without a copy.
/// </summary>
public static class DicomDatasetWriter
{
    private const int FlushThreshold = 64 * 1024;

    /// <summary>The encoded bytes.</summary>
    public static byte[] Encode(DicomDataset dataset, DicomTransferSyntax syntax, DicomWriterOptions? options = null)
    {
        using var buffer = new MemoryStream();
        Write(dataset, buffer, syntax, options);
        return buffer.ToArray();
    }

    public static void Write(DicomDataset dataset, Stream output, DicomTransferSyntax syntax, DicomWriterOptions? options = null) =>
        Synchronously.Complete(WriteCoreAsync(dataset, output, syntax, options, useAsync: false, CancellationToken.None));

    public static Task WriteAsync(DicomDataset dataset, Stream output, DicomTransferSyntax syntax, DicomWriterOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(dataset, output, syntax, options, useAsync: true, cancellationToken).AsTask();

    /// <summary>The entries the writer writes: all but group lengths, with computed lengths for groups 0000 and 0002.</summary>
    internal static IEnumerable<DicomEntry> EntriesToWrite(DicomDataset dataset, DicomTransferSyntax? syntax = null)
    {
        ushort? computedGroup = null;
        foreach (var entry in dataset)
        {
            var group = entry.Tag.Group;
            if (entry.Tag.IsGroupLength)
            {
                continue;
            }

            if (group is 0x0000 or 0x0002 && computedGroup != group)
            {
                computedGroup = group;

                // Group 0002 is always explicit VR little endian (PS3.10 7.1); group 0000 is in the given syntax.
                var groupSyntax = group == 0x0002 ? DicomTransferSyntax.ExplicitVRLittleEndian : syntax ?? DicomTransferSyntax.ImplicitVRLittleEndian;
                var length = dataset.GetGroup(group).Where(e => !e.Tag.IsGroupLength).Sum(e => DicomEncodedLength.Of(e, groupSyntax, definedLengths: true));
                var value = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)length);
                yield return new DicomElement(new DicomTag(group, 0x0000), DicomVR.UL, value);
            }

            yield return entry;
        }
    }

    private static async ValueTask<bool> WriteCoreAsync(DicomDataset dataset, Stream output, DicomTransferSyntax syntax, DicomWriterOptions? options, bool useAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(syntax);
        options ??= DicomWriterOptions.Default;
        var target = syntax.IsDeflated ? new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true) : output;
        try
        {
            using var writer = new DicomStreamWriter(syntax);
            foreach (var entry in EntriesToWrite(dataset, syntax))
            {
                WriteEntry(writer, entry, syntax, options.UseDefinedLengths);
                if (writer.PendingBytes >= FlushThreshold)
                {
                    await FlushAsync(writer, target, useAsync, cancellationToken).ConfigureAwait(false);
                }
            }

            await FlushAsync(writer, target, useAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (target != output)
            {
                if (useAsync)
                {
                    await target.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    target.Dispose();
                }
            }
        }

        return true;
    }

    private static async ValueTask FlushAsync(DicomStreamWriter writer, Stream target, bool useAsync, CancellationToken cancellationToken)
    {
        if (useAsync)
        {
            await writer.FlushToAsync(target, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            writer.FlushTo(target);
        }
    }

    private static void WriteEntry(DicomStreamWriter writer, DicomEntry entry, DicomTransferSyntax syntax, bool definedLengths)
    {
        switch (entry)
        {
            case DicomElement element:
                writer.WriteElement(element.Tag, element.VR, element.Value);
                break;
            case DicomSequence sequence:
                definedLengths = DicomEncodedLength.UsesDefinedLength(sequence, syntax, definedLengths);
                writer.WriteSequenceStart(sequence.Tag, definedLengths ? checked((uint)DicomEncodedLength.SequenceContent(sequence, syntax, true)) : DicomElementHeader.UndefinedLength);
                foreach (var item in sequence.Items)
                {
                    writer.WriteItemStart(definedLengths ? checked((uint)DicomEncodedLength.ItemContent(item, syntax, true)) : DicomElementHeader.UndefinedLength);
                    foreach (var child in EntriesToWrite(item, syntax))
                    {
                        WriteEntry(writer, child, syntax, definedLengths);
                    }

                    if (!definedLengths)
                    {
                        writer.WriteItemEnd();
                    }
                }

                if (!definedLengths)
                {
                    writer.WriteSequenceEnd();
                }

                break;
            case DicomFragmentSequence fragments:
                writer.WriteFragmentsStart(fragments.Tag, fragments.VR);
                writer.WriteFragment(fragments.OffsetTable);
                foreach (var fragment in fragments.Fragments)
                {
                    writer.WriteFragment(fragment);
                }

                writer.WriteFragmentsEnd();
                break;
        }
    }
}
