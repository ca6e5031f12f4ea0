namespace CloudRisPacs.Dicom.Network.Tests.Support;

/// <summary>Waits for something that happens asynchronously (a connection ending, a query producing) and fails the test when it never does.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 25 ms for up to 10 s; fails with <paramref name="what"/> when it never holds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string? what = null)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), what);
    }
}
