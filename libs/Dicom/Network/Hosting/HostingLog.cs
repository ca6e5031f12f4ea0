using System.Net;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>Log messages of the server and client; every association-related one names the association.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(400, LogLevel.Information, "DICOM server {AeTitle} listening on {EndPoint}{Tls}")]
    public static partial void Listening(ILogger logger, string aeTitle, IPEndPoint endPoint, string tls);

    [LoggerMessage(401, LogLevel.Information, "{AssociationId}: connection from {Remote}")]
    public static partial void Connected(ILogger logger, string associationId, IPEndPoint? remote);

    [LoggerMessage(402, LogLevel.Warning, "{AssociationId}: association from {Calling} to {Called} at {Remote} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string associationId, string calling, string called, IPEndPoint? remote, string reason);

    [LoggerMessage(403, LogLevel.Information, "{AssociationId}: association from {Calling} to {Called} accepted; {Accepted} of {Proposed} presentation contexts")]
    public static partial void Accepted(ILogger logger, string associationId, string calling, string called, int accepted, int proposed);

    [LoggerMessage(404, LogLevel.Warning, "{AssociationId}: TLS handshake with {Remote} failed; connection closed")]
    public static partial void TlsFailed(ILogger logger, Exception exception, string associationId, IPEndPoint? remote);

    [LoggerMessage(405, LogLevel.Warning, "Connection from {Remote} closed at once: {Count} connections are open already")]
    public static partial void TooManyConnections(ILogger logger, IPEndPoint? remote, int count);

    [LoggerMessage(406, LogLevel.Information, "DICOM server {AeTitle} stopped; {Aborted} associations aborted at shutdown")]
    public static partial void Stopped(ILogger logger, string aeTitle, int aborted);

    [LoggerMessage(407, LogLevel.Debug, "{AssociationId}: presentation context {ContextId} ({AbstractSyntax}) {Result}")]
    public static partial void ContextResult(ILogger logger, string associationId, byte contextId, string abstractSyntax, string result);

    [LoggerMessage(408, LogLevel.Error, "{AssociationId}: serving the connection failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string associationId);

    [LoggerMessage(409, LogLevel.Information, "{AssociationId}: user identity of {Calling} verified as {User}; {Response}")]
    public static partial void IdentityVerified(ILogger logger, string associationId, string calling, string user, string response);

    [LoggerMessage(410, LogLevel.Information, "TLS certificate {Subject} loaded (thumbprint {Thumbprint}, valid until {NotAfter:u})")]
    public static partial void CertificateLoaded(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(411, LogLevel.Warning, "The TLS certificate files at '{Path}' changed but cannot be loaded; still presenting {Subject} (valid until {NotAfter:u}); tried again when they change")]
    public static partial void CertificateNotRenewed(ILogger logger, Exception exception, string path, string subject, DateTime notAfter);

    [LoggerMessage(412, LogLevel.Warning, "The TLS certificate {Subject} from {Path} expires {NotAfter:u}: renew it (the new files are picked up without a restart)")]
    public static partial void CertificateExpiresSoon(ILogger logger, string subject, DateTime notAfter, string path);

    [LoggerMessage(413, LogLevel.Information, "TLS trusted authorities read again from '{Path}': {Count} certificate(s)")]
    public static partial void TrustReloaded(ILogger logger, string path, int count);

    [LoggerMessage(414, LogLevel.Warning, "The TLS trusted authorities file '{Path}' changed but cannot be read; the previous {Count} authorities stay in force; tried again when it changes")]
    public static partial void TrustNotReloaded(ILogger logger, Exception exception, string path, int count);

    [LoggerMessage(415, LogLevel.Warning, "DICOM server {AeTitle} stopping: {Count} connections still had not ended after their A-ABORT (a peer taking no data holds the write); closed outright")]
    public static partial void ClosedOutright(ILogger logger, string aeTitle, int count);
}
