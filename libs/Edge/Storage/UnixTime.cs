namespace CloudRisPacs.Edge.Storage;

/// <summary>Times in the database are Unix milliseconds, UTC.</summary>
internal static class UnixTime
{
    public static long ToUnix(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnix(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
