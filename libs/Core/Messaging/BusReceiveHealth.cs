using System.Collections.Concurrent;

namespace CloudRisPacs.Core.Messaging;

/// <summary>
/// Per channel, whether receiving works: a failure is kept from the first one after the last successful receive until
/// the next successful receive. A consumer that cannot receive (a wrong queue name, a missing Receiver role) otherwise
/// shows only in the log, and the messages meant for it wait unseen in the cloud.
/// </summary>
public sealed class BusReceiveHealth(TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<BusChannel, BusReceiveFailure> failures = new();
    private readonly TimeProvider time = time ?? TimeProvider.System;

    /// <summary>The channels that cannot be received from now, by name.</summary>
    public IReadOnlyList<BusReceiveFailure> Failures => [.. failures.Values.OrderBy(f => f.Channel.Name, StringComparer.Ordinal)];

    public void Failed(BusChannel channel, string reason)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var now = time.GetUtcNow();
        failures.AddOrUpdate(channel, _ => new BusReceiveFailure(channel, now, reason), (_, first) => first with { Reason = reason });
    }

    public void Received(BusChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        failures.TryRemove(channel, out _);
    }

    /// <summary>The first line of the exception's message: Azure SDK messages go on with status, headers and codes.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return $"{exception.GetType().Name}: {(end < 0 ? message : message[..end]).Trim()}";
    }
}
