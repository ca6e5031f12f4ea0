using System.Net.Sockets;
using Azure;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using CloudRisPacs.Azure.Configuration;

namespace CloudRisPacs.Edge.Forwarding;

/// <summary>
/// Tells an outage (the cloud cannot be reached, or refuses everyone: network, 5xx, throttling, credentials, a missing
/// queue) from a refusal of one message (it is invalid or too large). An outage pauses all forwarding and never parks
/// anything; a refusal counts against that message and parks it after the configured attempts.
/// </summary>
public static class PublishFailure
{
    public static bool IsOutage(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ArgumentException => false,
            RequestFailedException { Status: 400 or 413 } => false,
            ServiceBusException { Reason: ServiceBusFailureReason.MessageSizeExceeded } => false,
            RequestFailedException or ServiceBusException or HttpRequestException or IOException or SocketException
                or TimeoutException or OperationCanceledException or AuthenticationFailedException
                or CredentialUnavailableException or AzureConfigurationException => true,
            AggregateException aggregate => aggregate.InnerExceptions.Any(IsOutage),
            _ => exception.InnerException is { } inner ? IsOutage(inner) : true,
        };
    }

    /// <summary>A one-line reason for logs and parked entries.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception switch
        {
            RequestFailedException failed => $"{failed.Status} {failed.ErrorCode}: {FirstLine(failed.Message)}",
            ServiceBusException bus => $"{bus.Reason}: {FirstLine(bus.Message)}",
            _ => $"{exception.GetType().Name}: {FirstLine(exception.Message)}",
        };
        return text.Length <= 500 ? text : text[..500];
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
