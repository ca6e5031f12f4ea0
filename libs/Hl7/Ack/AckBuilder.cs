using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Ack;

/// <summary>
/// Builds acknowledgements: MSA-2 echoes the original MSH-10, sending and receiving application/facility are
/// swapped, and each fault becomes an ERR segment with its table 0357 code and location (ERR-2/3/4 from v2.5,
/// ERR-1 before). Works from a parsed message or, for a NAK, from whatever of the header could be read.
/// </summary>
public sealed class AckBuilder
{
    private readonly AckBuilderOptions options;

    public AckBuilder(AckBuilderOptions? options = null)
    {
        this.options = options ?? new AckBuilderOptions();
    }

    /// <summary>True when the original asked for enhanced mode (MSH-15 or MSH-16 valued).</summary>
    public static bool IsEnhancedMode(Hl7HeaderInfo header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.AcceptAcknowledgmentType.Length > 0 || header.ApplicationAcknowledgmentType.Length > 0;
    }

    /// <summary>The code for an outcome: AA/AE/AR in original mode, CA/CE/CR (accept acknowledgement) in enhanced mode.</summary>
    public static Hl7AckCode CodeFor(Hl7AckOutcome outcome, bool enhancedMode) => (outcome, enhancedMode) switch
    {
        (Hl7AckOutcome.Accepted, false) => Hl7AckCode.AA,
        (Hl7AckOutcome.Error, false) => Hl7AckCode.AE,
        (Hl7AckOutcome.Rejected, false) => Hl7AckCode.AR,
        (Hl7AckOutcome.Accepted, true) => Hl7AckCode.CA,
        (Hl7AckOutcome.Error, true) => Hl7AckCode.CE,
        _ => Hl7AckCode.CR,
    };

    /// <summary>The header facts of a parsed message, as an acknowledgement needs them.</summary>
    public static Hl7HeaderInfo HeaderOf(Hl7Message original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var msh = new MshSegment(original.Header);
        var type = msh.MessageType;
        return new Hl7HeaderInfo
        {
            HasHeader = true,
            Delimiters = original.Delimiters,
            SendingApplication = original.Header.GetField(3).GetRepetition(1).Raw.ToString(),
            SendingFacility = original.Header.GetField(4).GetRepetition(1).Raw.ToString(),
            ReceivingApplication = original.Header.GetField(5).GetRepetition(1).Raw.ToString(),
            ReceivingFacility = original.Header.GetField(6).GetRepetition(1).Raw.ToString(),
            MessageCode = type?.MessageCode ?? string.Empty,
            TriggerEvent = type?.TriggerEvent ?? string.Empty,
            ControlId = msh.MessageControlId,
            ProcessingId = msh.ProcessingId,
            VersionId = msh.VersionId,
            AcceptAcknowledgmentType = msh.AcceptAcknowledgmentType,
            ApplicationAcknowledgmentType = msh.ApplicationAcknowledgmentType,
            CharacterSet = msh.CharacterSet,
        };
    }

    /// <summary>Acknowledges a parsed message with the code for <paramref name="outcome"/> in the mode it asked for.</summary>
    public Hl7Message Acknowledge(Hl7Message original, Hl7AckOutcome outcome, IEnumerable<Hl7AckError>? errors = null)
    {
        var header = HeaderOf(original);
        return Build(header, CodeFor(outcome, IsEnhancedMode(header)), errors);
    }

    /// <summary>Acknowledges a parsed message with an explicit code (enhanced mode's later application ACK uses AA/AE/AR).</summary>
    public Hl7Message Build(Hl7Message original, Hl7AckCode code, IEnumerable<Hl7AckError>? errors = null) =>
        Build(HeaderOf(original), code, errors);

    /// <summary>
    /// Enhanced mode's application acknowledgement (AA/AE/AR), sent later as a message of its own (HL7 v2.5 2.9.3).
    /// MSH-15 AL asks the original sender for a commit ACK of it, the only sign it was taken: without MSH-15/16 the ACK
    /// would be in original mode, where an acknowledgement is never answered. MSH-16 NE: an acknowledgement of an
    /// acknowledgement is never wanted.
    /// </summary>
    public Hl7Message BuildApplicationAck(Hl7Message original, Hl7AckCode code, IEnumerable<Hl7AckError>? errors = null)
    {
        var ack = Build(original, code, errors);
        _ = new MshSegment(ack.Header) { AcceptAcknowledgmentType = "AL", ApplicationAcknowledgmentType = "NE" };
        return ack;
    }

    /// <summary>
    /// A negative acknowledgement for bytes that did not parse: addressed from whatever of MSH is readable, AR (CR in
    /// enhanced mode), with the parse error's code and location in ERR.
    /// </summary>
    public Hl7Message BuildNak(ReadOnlySpan<byte> rawMessage, Hl7ParseException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var header = Hl7HeaderScanner.Salvage(rawMessage);
        var code = CodeFor(Hl7AckOutcome.Rejected, IsEnhancedMode(header));
        return Build(header, code, [Hl7AckError.From(error)]);
    }

    /// <summary>A negative acknowledgement with a chosen outcome and errors for bytes that may not parse.</summary>
    public Hl7Message BuildNak(ReadOnlySpan<byte> rawMessage, Hl7AckOutcome outcome, IEnumerable<Hl7AckError> errors)
    {
        var header = Hl7HeaderScanner.Salvage(rawMessage);
        return Build(header, CodeFor(outcome, IsEnhancedMode(header)), errors);
    }

    /// <summary>The acknowledgement for a header (parsed or salvaged).</summary>
    public Hl7Message Build(Hl7HeaderInfo original, Hl7AckCode code, IEnumerable<Hl7AckError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        var errorList = errors?.ToList() ?? [];
        if (Hl7Charset.Find(original.CharacterSet) is not { Name.Length: > 0 } declared || declared == Hl7Charset.Ascii)
        {
            // The acknowledgement is written as ASCII then, and must always be writable: error texts may quote
            // non-ASCII input, and an undeclared sender may put non-ASCII in its application names.
            errorList = errorList.Select(e => e with { Message = AsciiOnly(e.Message) }).ToList();
            original = original with
            {
                SendingApplication = AsciiOnly(original.SendingApplication),
                SendingFacility = AsciiOnly(original.SendingFacility),
                ReceivingApplication = AsciiOnly(original.ReceivingApplication),
                ReceivingFacility = AsciiOnly(original.ReceivingFacility),
                ControlId = AsciiOnly(original.ControlId),
                TriggerEvent = AsciiOnly(original.TriggerEvent),
                ProcessingId = AsciiOnly(original.ProcessingId),
            };
        }

        var ack = Hl7Message.Create(original.Delimiters);
        var header = ack.Header;
        var version = Hl7Versions.IsSupported(original.VersionId) ? original.VersionId : options.FallbackVersion;
        header.SetFieldRaw(3, original.ReceivingApplication);
        header.SetFieldRaw(4, original.ReceivingFacility);
        header.SetFieldRaw(5, original.SendingApplication);
        header.SetFieldRaw(6, original.SendingFacility);
        var msh = new MshSegment(header)
        {
            DateTimeOfMessage = Hl7DateTime.FromDateTimeOffset(options.TimeProvider.GetLocalNow()),
            MessageType = new Hl7MessageType("ACK", original.TriggerEvent, Hl7Versions.AtLeast(version, 2, 4) ? "ACK" : string.Empty),
            MessageControlId = options.ControlIdGenerator(),
            ProcessingId = original.ProcessingId.Length > 0 ? original.ProcessingId : "P",
            VersionId = version,
        };
        if (Hl7Charset.Find(original.CharacterSet) is { Name.Length: > 0 } charset)
        {
            msh.CharacterSet = charset.Name;
        }

        var msa = new MsaSegment(ack.AddSegment("MSA"))
        {
            AcknowledgmentCode = code.ToString(),
            MessageControlId = original.ControlId,
        };
        var legacy = !Hl7Versions.AtLeast(version, 2, 5);
        if (errorList.Count > 0 && !Hl7Versions.AtLeast(version, 2, 7))
        {
            // MSA-3 is withdrawn from v2.7; older receivers often show only this text.
            msa.TextMessage = Shorten(errorList[0].Message, 80);
        }

        foreach (var error in errorList)
        {
            new ErrSegment(ack.AddSegment("ERR")).Write(error.Code, error.Location, error.Severity, error.Message, legacy);
        }

        return ack;
    }

    private static string AsciiOnly(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '~' ? source[i] : '?';
            }
        });

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
