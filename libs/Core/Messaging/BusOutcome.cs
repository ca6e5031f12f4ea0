namespace CloudRisPacs.Core.Messaging;

/// <summary>The three things a transport can do with a delivered message.</summary>
public enum BusOutcome
{
    /// <summary>Remove it from the channel.</summary>
    Complete,

    /// <summary>Make it visible again after a delay; its delivery count grows.</summary>
    Retry,

    /// <summary>Move it to the dead-letter (poison) queue with a reason.</summary>
    DeadLetter,
}
