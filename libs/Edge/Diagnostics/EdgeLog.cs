using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Diagnostics;

/// <summary>The agent's log messages (structured; the correlation id comes from the scope each message opens).</summary>
internal static partial class EdgeLog
{
    private static readonly Func<ILogger, string, IDisposable?> Correlation =
        LoggerMessage.DefineScope<string>("CorrelationId:{CorrelationId}");

    private static readonly Func<ILogger, string, string, string, IDisposable?> Connection =
        LoggerMessage.DefineScope<string, string, string>("CorrelationId:{CorrelationId} Connection:{ConnectionId} Peer:{Peer}");

    /// <summary>Every log line inside carries the message's correlation id (as a structured property and in the text).</summary>
    public static IDisposable? CorrelationScope(ILogger logger, string correlationId) => Correlation(logger, correlationId);

    public static IDisposable? ConnectionScope(ILogger logger, string correlationId, string connectionId, string peer) =>
        Connection(logger, correlationId, connectionId, peer);

    [LoggerMessage(100, LogLevel.Debug, "HL7 {ControlId} ({MessageType}) stored as {MessageId}; acknowledged")]
    public static partial void Hl7Stored(ILogger logger, string controlId, string messageType, string messageId);

    [LoggerMessage(101, LogLevel.Information, "HL7 {ControlId} is a duplicate of stored message {MessageId}; acknowledged again, not forwarded again")]
    public static partial void Hl7Duplicate(ILogger logger, string controlId, string messageId);

    [LoggerMessage(102, LogLevel.Warning, "HL7 message {ControlId} could not be read ({Reason}); NAK sent, recorded as rejected")]
    public static partial void Hl7Unreadable(ILogger logger, string controlId, string reason);

    [LoggerMessage(103, LogLevel.Warning, "HL7 {ControlId} ({MessageType}) is invalid: {Reason}; NAK sent, recorded as rejected")]
    public static partial void Hl7Invalid(ILogger logger, string controlId, string messageType, string reason);

    [LoggerMessage(104, LogLevel.Information, "HL7 batch {ControlId}: {Batches} batch(es), {Messages} message(s) handled one by one; batch acknowledgement sent")]
    public static partial void Hl7BatchReceived(ILogger logger, string controlId, int batches, int messages);

    [LoggerMessage(105, LogLevel.Warning, "HL7 batch {ControlId} refused as a whole ({Reason}); none of its messages was acted on, AR sent, recorded as rejected")]
    public static partial void Hl7BatchRefused(ILogger logger, string controlId, string reason);

    [LoggerMessage(106, LogLevel.Warning, "HL7 message {ControlId} is over the {Max}-byte limit ({Length} bytes received); recorded as rejected, the MLLP server sends the NAK")]
    public static partial void Hl7Oversize(ILogger logger, string controlId, int max, long length);

    [LoggerMessage(107, LogLevel.Warning, "HL7 {ControlId} from {Sender} names its character set '{Declared}' in MSH-18, not a table 0211 value; read as {Standard}. Ask the sender to send MSH-18 '{Standard}'")]
    public static partial void Hl7CharsetAlias(ILogger logger, string controlId, string sender, string declared, string standard);

    [LoggerMessage(200, LogLevel.Warning, "Cloud unreachable while forwarding ({Reason}); {Pending} message(s) wait, next try in {Delay}")]
    public static partial void ForwardOutage(ILogger logger, string reason, int pending, TimeSpan delay);

    [LoggerMessage(201, LogLevel.Warning, "The cloud refused {Kind} {MessageId} (attempt {Attempt}): {Reason}; retry in {Delay}")]
    public static partial void ForwardRefused(ILogger logger, string kind, string messageId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(202, LogLevel.Error, "PARKED {Kind} {MessageId} after {Attempt} attempts: {Reason}. It stays in the outbox; see the status endpoint")]
    public static partial void ForwardParked(ILogger logger, string kind, string messageId, int attempt, string reason);

    [LoggerMessage(203, LogLevel.Information, "Cloud reachable again; forwarding {Pending} waiting message(s)")]
    public static partial void ForwardResumed(ILogger logger, int pending);

    [LoggerMessage(300, LogLevel.Information, "Outbound {OutboundId} (MSH-10 {ControlId}) delivered to the RIS with {Code} after {Attempts} attempt(s)")]
    public static partial void OutboundDelivered(ILogger logger, string outboundId, string controlId, string code, int attempts);

    [LoggerMessage(301, LogLevel.Warning, "Outbound {OutboundId} (MSH-10 {ControlId}) not delivered on attempt {Attempt}: {Reason}; retry in {Delay}")]
    public static partial void OutboundRetry(ILogger logger, string outboundId, string controlId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(302, LogLevel.Error, "PARKED outbound {OutboundId} (MSH-10 {ControlId}) after {Attempt} attempts: {Reason}; reported to the cloud")]
    public static partial void OutboundParked(ILogger logger, string outboundId, string controlId, int attempt, string reason);

    [LoggerMessage(303, LogLevel.Warning, "RIS {Host}:{Port} unreachable ({Reason}); outbound messages wait, next try in {Delay}")]
    public static partial void RisUnreachable(ILogger logger, string host, int port, string reason, TimeSpan delay);

    [LoggerMessage(304, LogLevel.Information, "Outbound {OutboundId} (MSH-10 {ControlId}) queued for the RIS")]
    public static partial void OutboundQueued(ILogger logger, string outboundId, string controlId);

    [LoggerMessage(305, LogLevel.Warning, "hl7.outcome for unknown message {MessageId} (MSH-10 {ControlId}); nothing to acknowledge")]
    public static partial void OutcomeForUnknownMessage(ILogger logger, string messageId, string controlId);

    [LoggerMessage(306, LogLevel.Information, "Application ACK {Code} for MSH-10 {ControlId} queued for the RIS")]
    public static partial void ApplicationAckQueued(ILogger logger, string code, string controlId);

    [LoggerMessage(307, LogLevel.Debug, "Application ACK {Code} for MSH-10 {ControlId} not sent: MSH-16 is {Condition}")]
    public static partial void ApplicationAckSuppressed(ILogger logger, string code, string controlId, string condition);

    [LoggerMessage(308, LogLevel.Warning, "Outbound {OutboundId} was due {Due} from now, longer than the longest retry delay: the clock stepped back; trying now")]
    public static partial void OutboundClockStepped(ILogger logger, string outboundId, TimeSpan due);

    [LoggerMessage(400, LogLevel.Information, "Worklist: {Upserts} upserted, {Removals} removed, {Ignored} older versions ignored ({Source})")]
    public static partial void WorklistApplied(ILogger logger, int upserts, int removals, int ignored, string source);

    [LoggerMessage(401, LogLevel.Warning, "Worklist full sync from {Uri} failed: {Reason}; the cache keeps serving")]
    public static partial void WorklistSyncFailed(ILogger logger, Uri uri, string reason);

    [LoggerMessage(402, LogLevel.Information, "Worklist snapshot {SnapshotId} complete: {Items} items, {Removed} stale items removed")]
    public static partial void WorklistSnapshotApplied(ILogger logger, string snapshotId, int items, int removed);

    // Lengths only: the value is often a patient's or physician's name, which does not belong in the journal.
    [LoggerMessage(403, LogLevel.Warning, "Worklist item {ItemKey}: {Attribute} ({Length} characters) shortened to {ServedLength} characters to fit its VR; correct it in the RIS")]
    public static partial void WorklistValueShortened(ILogger logger, string itemKey, string attribute, int length, int servedLength);

    [LoggerMessage(404, LogLevel.Error, "Worklist item {ItemKey} is served WITHOUT {Attribute}: {Reason} It cannot be shortened without changing what it names; correct it in the RIS")]
    public static partial void WorklistValueUnusable(ILogger logger, string itemKey, string attribute, string reason);

    [LoggerMessage(500, LogLevel.Information, "DICOM instance {SopInstanceUid} from {CallingAe} spooled ({Bytes} bytes)")]
    public static partial void InstanceSpooled(ILogger logger, string sopInstanceUid, string callingAe, long bytes);

    [LoggerMessage(501, LogLevel.Information, "DICOM instance {SopInstanceUid} uploaded to {Container}/{BlobPath}")]
    public static partial void InstanceUploaded(ILogger logger, string sopInstanceUid, string container, string blobPath);

    [LoggerMessage(502, LogLevel.Warning, "Upload of {SopInstanceUid} failed (attempt {Attempt}): {Reason}; retry in {Delay}")]
    public static partial void UploadFailed(ILogger logger, string sopInstanceUid, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(503, LogLevel.Error, "PARKED spooled instance {SopInstanceUid} after {Attempt} attempts: {Reason}; the file stays in the spool")]
    public static partial void UploadParked(ILogger logger, string sopInstanceUid, int attempt, string reason);

    [LoggerMessage(504, LogLevel.Warning, "Spooled file {FileName} of {SopInstanceUid} had lost its index row (power loss); indexed again from the file")]
    public static partial void SpoolFileAdopted(ILogger logger, string sopInstanceUid, string fileName);

    [LoggerMessage(505, LogLevel.Error, "Spooled file {Path} cannot be read ({Reason}); moved to {Quarantine} for a person to look at")]
    public static partial void SpoolFileUnreadable(ILogger logger, string path, string quarantine, string reason);

    [LoggerMessage(506, LogLevel.Information, "Spool recovery at start: {Removed} leftover files removed, {Adopted} files indexed again, {Quarantined} unreadable files set aside")]
    public static partial void SpoolRecovered(ILogger logger, int removed, int adopted, int quarantined);

    [LoggerMessage(600, LogLevel.Warning, "Heartbeat not sent: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string reason);

    [LoggerMessage(700, LogLevel.Warning, "Purging local history failed: {Reason}")]
    public static partial void PurgeFailed(ILogger logger, string reason);

    [LoggerMessage(701, LogLevel.Critical, "{Service} failed a pass and tries again in {Delay}; the listeners keep running")]
    public static partial void PassFailed(ILogger logger, Exception exception, string service, TimeSpan delay);

    [LoggerMessage(510, LogLevel.Warning, "Modality {AeTitle}: host '{Host}' does not resolve ({Reason}); its associations are rejected until it resolves (looked up again when one arrives, at most every 30 s)")]
    public static partial void ModalityHostUnresolved(ILogger logger, string aeTitle, string host, string reason);

    [LoggerMessage(511, LogLevel.Warning, "Modality {AeTitle}: host '{Host}' now resolves to {Addresses} (was {Previous}); associations are checked against the new addresses")]
    public static partial void ModalityHostChanged(ILogger logger, string aeTitle, string host, string addresses, string previous);

    [LoggerMessage(512, LogLevel.Warning, "C-STORE of {SopInstanceUid} from {CallingAe} refused with 0x{Status:X4}: {Reason}")]
    public static partial void StoreRefused(ILogger logger, string sopInstanceUid, string callingAe, ushort status, string reason);

    [LoggerMessage(513, LogLevel.Information, "MPPS {Operation} {SopInstanceUid} from {CallingAe} stored and queued for the cloud")]
    public static partial void MppsAccepted(ILogger logger, string operation, string sopInstanceUid, string callingAe);

    [LoggerMessage(526, LogLevel.Information, "MPPS {SopInstanceUid} {Status}: {Marked} cached worklist steps it names marked {LocalStatus} on the local worklist until the cloud's next version of them")]
    public static partial void MppsMarkedWorklist(ILogger logger, string sopInstanceUid, string status, int marked, string localStatus);

    [LoggerMessage(514, LogLevel.Information, "Storage commitment {TransactionUid} from {CallingAe} ({Count} instances) recorded and sent to the cloud; waiting for its answer")]
    public static partial void CommitmentRecorded(ILogger logger, string transactionUid, string callingAe, int count);

    [LoggerMessage(515, LogLevel.Information, "Storage commitment {TransactionUid}: the cloud answered {Committed} committed, {Failed} failed; reporting to {CallingAe}")]
    public static partial void CommitmentAnswered(ILogger logger, string transactionUid, int committed, int failed, string callingAe);

    [LoggerMessage(516, LogLevel.Warning, "Storage commitment {TransactionUid}: no answer from the cloud within {Timeout}; every instance is reported as failed")]
    public static partial void CommitmentTimedOut(ILogger logger, string transactionUid, TimeSpan timeout);

    [LoggerMessage(518, LogLevel.Information, "Storage commitment {TransactionUid}: {Reason}; its report to {CallingAe} is delivered on a new association")]
    public static partial void CommitmentHandedOver(ILogger logger, string transactionUid, string callingAe, string reason);

    [LoggerMessage(519, LogLevel.Information, "Storage commitment {TransactionUid}: report ({Committed} committed, {Failed} failed) delivered to {CallingAe} at {Host}:{Port} on a new association after {Attempts} attempt(s)")]
    public static partial void CommitmentRedelivered(ILogger logger, string transactionUid, string callingAe, string host, int port, int committed, int failed, int attempts);

    [LoggerMessage(520, LogLevel.Warning, "Storage commitment {TransactionUid}: report to {CallingAe} not delivered on attempt {Attempt}: {Reason}; retry in {Delay}")]
    public static partial void CommitmentReportRetry(ILogger logger, string transactionUid, string callingAe, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(521, LogLevel.Error, "PARKED storage commitment report {TransactionUid} for {CallingAe} after {Attempt} attempt(s): {Reason}. See the status endpoint")]
    public static partial void CommitmentReportParked(ILogger logger, string transactionUid, string callingAe, int attempt, string reason);

    [LoggerMessage(522, LogLevel.Warning, "Modality {AeTitle} has no Host: its storage commitment reports can go only on its own open association (a report that finds it closed is parked)")]
    public static partial void ModalityWithoutHost(ILogger logger, string aeTitle);

    [LoggerMessage(523, LogLevel.Information, "Storage commitment {TransactionUid} from {CallingAe} is already known; it is answered with what the agent recorded")]
    public static partial void CommitmentAskedAgain(ILogger logger, string transactionUid, string callingAe);

    [LoggerMessage(524, LogLevel.Information, "DICOM user identity: {Users} users configured; an identity is {Requirement} (EdgeAgent:Dicom:RequireUserIdentity)")]
    public static partial void UserIdentity(ILogger logger, int users, string requirement);

    [LoggerMessage(525, LogLevel.Warning, "DICOM user identity passcodes cross the network in clear: the DICOM listener has no TLS (configure EdgeAgent:Dicom:Tls)")]
    public static partial void PasscodesInClear(ILogger logger);

    [LoggerMessage(800, LogLevel.Information, "Configuration change applied without a restart: {What}")]
    public static partial void ConfigurationApplied(ILogger logger, string what);

    [LoggerMessage(801, LogLevel.Warning, "Configuration change NOT applied; the settings in force stay as they were: {Problems}")]
    public static partial void ConfigurationNotApplied(ILogger logger, string problems);

    [LoggerMessage(802, LogLevel.Warning, "Configuration change to {Keys} takes effect only when the agent restarts")]
    public static partial void ConfigurationNeedsRestart(ILogger logger, string keys);
}
