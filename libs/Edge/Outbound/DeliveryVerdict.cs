using System.Net.Sockets;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Edge.Outbound;

/// <summary>
/// What one delivery attempt to the RIS means. Delivered only for AA/CA whose MSA-2 equals the sent MSH-10. A code the
/// options name unavailable (AR, CR: not about the content) means the RIS cannot take messages now. AE, CE, a wrong MSA-2, a response that is not an ACK, and no ACK in time are failed attempts (retry, then park). A
/// RIS that cannot be reached at all is an outage: the message was never taken, so the attempt does not count.
/// </summary>
public sealed record DeliveryVerdict(DeliveryVerdictKind Kind, string? Code, string Reason)
{
    public static DeliveryVerdict Of(MllpSendResult result, IEnumerable<string>? unavailableCodes = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsAccepted)
        {
            return new(DeliveryVerdictKind.Delivered, result.AcknowledgmentCode, $"RIS answered {result.AcknowledgmentCode}");
        }

        if (result.ResponseError is { } error)
        {
            return new(DeliveryVerdictKind.Failed, null, error);
        }

        if (!result.ControlIdMatches)
        {
            return new(DeliveryVerdictKind.Failed, result.AcknowledgmentCode,
                $"the ACK's MSA-2 '{result.AcknowledgedControlId}' does not match the sent MSH-10 '{result.SentControlId}'");
        }

        var text = result.Msa?.TextMessage is { Length: > 0 } msa ? msa
            : result.Errors.Select(e => e.DiagnosticInformation.Length > 0 ? e.DiagnosticInformation : e.UserMessage).FirstOrDefault(t => t.Length > 0);
        var unavailable = unavailableCodes?.Contains(result.AcknowledgmentCode, StringComparer.Ordinal) == true;
        return new(unavailable ? DeliveryVerdictKind.Unavailable : DeliveryVerdictKind.Failed, result.AcknowledgmentCode,
            $"RIS answered {result.AcknowledgmentCode}{(string.IsNullOrEmpty(text) ? string.Empty : $": {text}")}");
    }

    /// <summary>The client refused the message before sending it (<see cref="MllpFrameWriter"/>: a start block or file separator inside).</summary>
    public static DeliveryVerdict Unsendable(ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(DeliveryVerdictKind.Unsendable, null, $"the message cannot be sent over MLLP: {exception.Message}");
    }

    public static DeliveryVerdict Of(MllpException exception, TimeSpan responseTimeout)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            TimeoutException timeout when timeout.Message.StartsWith("No response", StringComparison.Ordinal) =>
                new(DeliveryVerdictKind.Failed, null, $"no ACK within {responseTimeout}"),
            SocketException or TimeoutException => new(DeliveryVerdictKind.Unreachable, null, exception.InnerException.Message),
            System.Security.Authentication.AuthenticationException tls =>
                new(DeliveryVerdictKind.Unreachable, null, $"the TLS handshake failed: {tls.Message}{(tls.InnerException is { } why ? $" ({why.Message})" : string.Empty)}"),
            { } inner => new(DeliveryVerdictKind.Failed, null, inner.Message),
            null => new(DeliveryVerdictKind.Failed, null, exception.Message),
        };
    }
}
