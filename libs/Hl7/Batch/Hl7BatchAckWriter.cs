using System.Text;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Batch;

/// <summary>
/// Writes the acknowledgement of a batch: a batch of ACK messages mirroring the request's envelope (FHS/FTS when it had
/// a file header, one BHS/BTS per batch), each header addressed back to the sender with field 12 naming the sender's
/// control id and each trailer counting what it holds. A batch refused as a whole gets one AR acknowledgement naming
/// the fault, never an empty batch: HL7 reads an empty acknowledgement batch as "all accepted".
/// </summary>
public sealed class Hl7BatchAckWriter
{
    private static readonly Encoding Envelope = Encoding.Latin1;
    private readonly AckBuilderOptions options;
    private readonly AckBuilder ackBuilder;

    public Hl7BatchAckWriter(AckBuilderOptions? options = null)
    {
        this.options = options ?? new AckBuilderOptions();
        ackBuilder = new AckBuilder(this.options);
    }

    /// <summary>
    /// The acknowledgement batch for <paramref name="request"/>: <paramref name="acknowledgements"/> holds one entry per
    /// request message, in order (empty when that message's acknowledgement conditions ask for none).
    /// </summary>
    /// <exception cref="ArgumentException">The number of acknowledgements differs from the number of messages.</exception>
    public byte[] Acknowledge(Hl7Batch request, IReadOnlyList<ReadOnlyMemory<byte>> acknowledgements)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(acknowledgements);
        if (acknowledgements.Count != request.MessageCount)
        {
            throw new ArgumentException($"{acknowledgements.Count} acknowledgements for {request.MessageCount} messages.", nameof(acknowledgements));
        }

        using var output = new MemoryStream();
        var next = 0;
        var delimiters = request.FileHeader?.Delimiters ?? (request.Sections.Count > 0 ? request.Sections[0].Header?.Delimiters : null) ?? Hl7Delimiters.Standard;
        if (request.FileHeader is { } file)
        {
            WriteHeader(output, "FHS", file.Delimiters, file, comment: string.Empty);
        }

        foreach (var section in request.Sections)
        {
            var sectionDelimiters = section.Header?.Delimiters ?? delimiters;
            WriteHeader(output, "BHS", sectionDelimiters, section.Header, comment: string.Empty);
            var written = 0;
            for (var i = 0; i < section.Messages.Count; i++, next++)
            {
                if (!acknowledgements[next].IsEmpty)
                {
                    output.Write(acknowledgements[next].Span);
                    written++;
                }
            }

            WriteTrailer(output, "BTS", sectionDelimiters, written);
        }

        if (request.FileHeader is { } fileHeader)
        {
            WriteTrailer(output, "FTS", fileHeader.Delimiters, request.Sections.Count);
        }

        return output.ToArray();
    }

    /// <summary>
    /// The acknowledgement of a batch refused as a whole (broken envelope, counts that disagree): one batch holding one
    /// AR acknowledgement whose MSA-2 is the batch's control id and whose ERR and MSA-3 carry the reason.
    /// </summary>
    public byte[] Reject(ReadOnlySpan<byte> frame, Hl7ParseException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Reject(frame, Hl7AckOutcome.Rejected, [Hl7AckError.From(error)]);
    }

    /// <summary>
    /// The acknowledgement of a batch none of which was taken, with the outcome and errors given (AR with code 207 when
    /// the receiver failed: unrelated to content, the sender sends it again later): one batch holding one acknowledgement for the batch.
    /// </summary>
    /// <exception cref="ArgumentException">No error is given: a refusal always says why.</exception>
    public byte[] Reject(ReadOnlySpan<byte> frame, Hl7AckOutcome outcome, IReadOnlyList<Hl7AckError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A refused batch needs at least one error to say why.", nameof(errors));
        }

        var header = SalvageHeader(frame);
        var delimiters = header?.Delimiters ?? Hl7Delimiters.Standard;
        var ack = ackBuilder.Build(new Hl7HeaderInfo
        {
            HasHeader = header is not null,
            Delimiters = delimiters,
            SendingApplication = header?.SendingApplication ?? string.Empty,
            SendingFacility = header?.SendingFacility ?? string.Empty,
            ReceivingApplication = header?.ReceivingApplication ?? string.Empty,
            ReceivingFacility = header?.ReceivingFacility ?? string.Empty,
            ControlId = header?.ControlId ?? string.Empty,
        }, AckBuilder.CodeFor(outcome, enhancedMode: false), errors);

        using var output = new MemoryStream();
        WriteHeader(output, "BHS", delimiters, header, Comment(errors[0].Message, delimiters));
        output.Write(ack.ToBytes());
        WriteTrailer(output, "BTS", delimiters, 1);
        return output.ToArray();
    }

    /// <summary>The first FHS or BHS of a frame that may not read as a batch, or null when it has none readable.</summary>
    public static Hl7EnvelopeHeader? SalvageHeader(ReadOnlySpan<byte> frame)
    {
        var rest = frame.TrimStart("\uFEFF \t\r\n"u8);
        var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
        var line = end < 0 ? rest : rest[..end];
        if (!Hl7BatchReader.IsBatch(line))
        {
            return null;
        }

        try
        {
            return Hl7BatchReader.ReadHeader(line);
        }
        catch (Hl7ParseException)
        {
            return null;
        }
    }

    private void WriteHeader(MemoryStream output, string id, Hl7Delimiters delimiters, Hl7EnvelopeHeader? request, string comment)
    {
        var field = delimiters.Field;
        var now = Hl7DateTime.FromDateTimeOffset(options.TimeProvider.GetLocalNow());
        var text = new StringBuilder()
            .Append(id).Append(field).Append(delimiters.EncodingCharacters)
            .Append(field).Append(request?.ReceivingApplication)
            .Append(field).Append(request?.ReceivingFacility)
            .Append(field).Append(request?.SendingApplication)
            .Append(field).Append(request?.SendingFacility)
            .Append(field).Append(now.ToString())
            .Append(field)
            .Append(field)
            .Append(field).Append(comment)
            .Append(field).Append(options.ControlIdGenerator())
            .Append(field).Append(request?.ControlId)
            .Append('\r');
        output.Write(Envelope.GetBytes(text.ToString()));
    }

    private static void WriteTrailer(MemoryStream output, string id, Hl7Delimiters delimiters, int count) =>
        output.Write(Envelope.GetBytes($"{id}{delimiters.Field}{count}\r"));

    // The comment is free text inside a field: delimiters in it would split it, so they become spaces; at most 80 characters (BHS-10).
    private static string Comment(string text, Hl7Delimiters delimiters)
    {
        var clean = new string(text.Select(c => c == delimiters.Field || delimiters.IsInnerSeparator(c) || c == delimiters.Escape || c is < ' ' or > '~' ? ' ' : c).ToArray());
        return clean.Length <= 80 ? clean : clean[..77] + "...";
    }
}
