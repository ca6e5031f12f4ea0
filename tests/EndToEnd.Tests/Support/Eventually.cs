namespace CloudRisPacs.EndToEnd.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, string what, int seconds, Func<string>? diagnostics = null)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting until {what}.{(diagnostics is null ? string.Empty : Environment.NewLine + diagnostics())}");
            }

            await Task.Delay(100);
        }
    }
}
