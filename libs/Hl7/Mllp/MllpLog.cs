using System.Net;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>The MLLP server's and client's log events.</summary>
internal static partial class MllpLog
{
    [LoggerMessage(1, LogLevel.Information, "MLLP server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(2, LogLevel.Warning, "MLLP connection from {Remote} refused: address not in the allow-list")]
    public static partial void PeerRefused(ILogger logger, IPEndPoint? remote);

    [LoggerMessage(3, LogLevel.Warning, "MLLP connection from {Remote} refused: {Limit} connections already open")]
    public static partial void TooManyConnections(ILogger logger, IPEndPoint? remote, int limit);

    [LoggerMessage(4, LogLevel.Information, "MLLP connection {ConnectionId} from {Remote} opened")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, IPEndPoint remote);

    [LoggerMessage(5, LogLevel.Information, "MLLP connection {ConnectionId} closed after {Messages} messages")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, long messages);

    [LoggerMessage(6, LogLevel.Warning, "MLLP connection {ConnectionId}: {Count} bytes outside a frame discarded")]
    public static partial void BytesDiscarded(ILogger logger, string connectionId, long count);

    [LoggerMessage(7, LogLevel.Warning, "MLLP connection {ConnectionId}: frame of {Length} bytes exceeds {Max}; NAK sent, connection closed")]
    public static partial void Oversize(ILogger logger, string connectionId, long length, int max);

    [LoggerMessage(8, LogLevel.Information, "MLLP connection {ConnectionId} idle for {Timeout}; closed")]
    public static partial void IdleTimeout(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(14, LogLevel.Warning, "MLLP connection {ConnectionId}: a frame still unfinished ({Length} bytes) after {Limit}; closed without an answer")]
    public static partial void FrameTooSlow(ILogger logger, string connectionId, long length, TimeSpan limit);

    [LoggerMessage(9, LogLevel.Error, "MLLP connection {ConnectionId}: handler failed on message {Sequence}; NAK sent")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string connectionId, long sequence);

    [LoggerMessage(10, LogLevel.Warning, "MLLP connection {ConnectionId} ended by a transport error")]
    public static partial void TransportError(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(11, LogLevel.Warning, "MLLP connection {ConnectionId} closed with {Count} bytes of an unfinished frame")]
    public static partial void UnfinishedFrame(ILogger logger, string connectionId, long count);

    [LoggerMessage(12, LogLevel.Warning, "MLLP connection {ConnectionId} from {Remote}: TLS handshake failed; connection closed")]
    public static partial void TlsFailed(ILogger logger, Exception exception, string connectionId, IPEndPoint remote);

    [LoggerMessage(13, LogLevel.Error, "MLLP connection {ConnectionId}: the handler failed to record an oversize frame; AE NAK sent")]
    public static partial void OversizeNotRecorded(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(20, LogLevel.Warning, "MLLP send to {Host}:{Port} failed on attempt {Attempt}")]
    public static partial void SendFailed(ILogger logger, Exception exception, string host, int port, int attempt);

    [LoggerMessage(21, LogLevel.Warning, "MLLP client: {Count} bytes outside a frame discarded from {Host}:{Port}")]
    public static partial void ClientDiscarded(ILogger logger, long count, string host, int port);

    [LoggerMessage(22, LogLevel.Information, "MLLP client: {Code} from {Host}:{Port} for {Earlier}, sent earlier on this connection, skipped while waiting for {ControlId}'s")]
    public static partial void EarlierResponseSkipped(ILogger logger, string host, int port, string code, string earlier, string controlId);

    [LoggerMessage(23, LogLevel.Warning, "MLLP client: the response from {Host}:{Port} does not acknowledge {ControlId} ({Reason}); connection dropped")]
    public static partial void OutOfStep(ILogger logger, string host, int port, string controlId, string reason);

    [LoggerMessage(24, LogLevel.Information, "MLLP client: {Host}:{Port} closed the reused connection before answering {ControlId}; sent again on a new one")]
    public static partial void ResendOnNewConnection(ILogger logger, Exception exception, string host, int port, string controlId);
}
