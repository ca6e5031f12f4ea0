namespace CloudRisPacs.Functions.Timers;

/// <summary>NCRONTAB schedules (seconds first) of the timer functions; the metadata contract test checks the build against these.</summary>
public static class WatchdogSchedules
{
    public const string OrdersWithoutImages = "0 */15 * * * *";
    public const string ImagesWithoutOrders = "0 */5 * * * *";
    public const string EdgeHeartbeats = "0 */2 * * * *";
    public const string ParkedMessages = "0 */10 * * * *";
    public const string QuietStudies = "0 */5 * * * *";
}
