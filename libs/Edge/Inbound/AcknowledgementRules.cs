namespace CloudRisPacs.Edge.Inbound;

/// <summary>
/// HL7 table 0155 (MSH-15 accept and MSH-16 application acknowledgement conditions). An empty condition in enhanced
/// mode is treated as AL: we would rather send an acknowledgement the sender ignores than withhold one it waits for.
/// </summary>
public static class AcknowledgementRules
{
    public const string OriginalMode = "original";
    public const string EnhancedMode = "enhanced";

    /// <summary>Whether an acknowledgement is sent under <paramref name="condition"/> for a positive or negative outcome.</summary>
    public static bool ShouldSend(string? condition, bool positive) => (condition ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        "NE" => false,
        "SU" => positive,
        "ER" => !positive,
        _ => true,
    };
}
