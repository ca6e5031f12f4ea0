namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>Waits until a started process answers; fails with its last output when it exits or takes too long.</summary>
internal static class Readiness
{
    public static async Task WaitAsync(ChildProcess process, Func<Task<bool>> answers, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new DepartmentStartException($"{process.Name} exited during start-up (waiting until {what}). Its last output:{Environment.NewLine}{process.Tail}");
            }

            if (await answers().ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DepartmentStartException($"{process.Name} did not get ready within {timeout} (waiting until {what}). Its last output:{Environment.NewLine}{process.Tail}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when <paramref name="uri"/> answers 2xx.</summary>
    public static async Task<bool> HttpOkAsync(HttpClient http, Uri uri)
    {
        try
        {
            using var response = await http.GetAsync(uri).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
