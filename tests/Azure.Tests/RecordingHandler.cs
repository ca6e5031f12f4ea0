using System.Collections.Concurrent;
using CloudRisPacs.Core.Messaging;

namespace CloudRisPacs.Azure.Tests;

/// <summary>A real handler for tests: records every delivery and answers as the test says.</summary>
internal sealed class RecordingHandler(Func<BusMessage, BusDelivery, BusHandlingResult> answer) : IBusMessageHandler
{
    public ConcurrentQueue<(BusMessage Message, BusDelivery Delivery, DateTimeOffset At)> Deliveries { get; } = new();

    public Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        Deliveries.Enqueue((message, delivery, DateTimeOffset.UtcNow));
        return Task.FromResult(answer(message, delivery));
    }
}

/// <summary>Collects what the bus parks.</summary>
internal sealed class RecordingDeadLetterObserver : IBusDeadLetterObserver
{
    public ConcurrentQueue<BusDeadLetter> DeadLetters { get; } = new();

    public Task OnDeadLetteredAsync(BusDeadLetter deadLetter, CancellationToken cancellationToken)
    {
        DeadLetters.Enqueue(deadLetter);
        return Task.CompletedTask;
    }
}

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting until {what}.");
            }

            await Task.Delay(25);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, int seconds = 30) =>
        HoldsAsync(() => Task.FromResult(condition()), what, seconds);
}
