using System.Security.Cryptography;
using System.Text;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Edge.Inbound;

/// <summary>
/// What the agent needs to know about a received message to store, deduplicate, order and acknowledge it, read from a
/// parsed message or salvaged from bytes that did not parse.
/// </summary>
public sealed record Hl7InboundFacts(
    string ControlId,
    string Sender,
    string MessageType,
    string AcceptAckType,
    string ApplicationAckType,
    string? PatientId)
{
    private const string BatchMessageType = "BATCH";

    public bool IsEnhancedMode => AcceptAckType.Length > 0 || ApplicationAckType.Length > 0;

    public string AckMode => IsEnhancedMode ? AcknowledgementRules.EnhancedMode : AcknowledgementRules.OriginalMode;

    public static Hl7InboundFacts From(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var header = AckBuilder.HeaderOf(message);
        var pid = message.FindSegment("PID");
        var patient = pid is null ? null : new PidSegment(pid).PatientIdentifiers.Select(id => id.Id).FirstOrDefault(id => id.Length > 0);
        return new Hl7InboundFacts(header.ControlId, SenderOf(header), message.Header.GetField(9).RawText,
            header.AcceptAcknowledgmentType, header.ApplicationAcknowledgmentType, patient);
    }

    public static Hl7InboundFacts Salvage(ReadOnlySpan<byte> bytes)
    {
        var header = Hl7HeaderScanner.Salvage(bytes);
        var type = header.TriggerEvent.Length > 0 ? $"{header.MessageCode}^{header.TriggerEvent}" : header.MessageCode;
        return new Hl7InboundFacts(header.ControlId, SenderOf(header), type, header.AcceptAcknowledgmentType,
            header.ApplicationAcknowledgmentType, null);
    }

    /// <summary>What the first line of a batch that did not read (FHS or BHS) says of its sender and control id.</summary>
    public static Hl7InboundFacts SalvageBatch(ReadOnlySpan<byte> bytes)
    {
        var header = Hl7BatchAckWriter.SalvageHeader(bytes);
        return new Hl7InboundFacts(header?.ControlId ?? string.Empty, $"{header?.SendingApplication}|{header?.SendingFacility}",
            BatchMessageType, string.Empty, string.Empty, null);
    }

    /// <summary>
    /// The bus message id of these bytes from this sender: a SHA-256 over tenant, sender, MSH-10 and the exact bytes, so
    /// a resend of the same message gets the same id (the duplicate check) and the cloud's dedupe by id agrees.
    /// </summary>
    public string MessageIdFor(string tenant, ReadOnlySpan<byte> bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{tenant}\u001f{Sender}\u001f{ControlId}\u001f"));
        hash.AppendData(bytes);
        return "hl7-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..40];
    }

    private static string SenderOf(Hl7HeaderInfo header) => $"{header.SendingApplication}|{header.SendingFacility}";
}
