using CloudRisPacs.Functions.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// The cloud side on one machine: same function classes, same pump, Azurite. Stops cleanly on SIGTERM or Ctrl-C.
WebApplication app;
try
{
    app = LocalCloudHost.Build(args);
}
catch (InvalidOperationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    return 2;
}

await using (app.ConfigureAwait(false))
{
    await app.StartAsync().ConfigureAwait(false);
    var uri = LocalCloudHost.ListeningUri(app);
    Console.WriteLine($"CloudRisPacs local cloud host listening on {uri}");
    Console.WriteLine($"API base: {new Uri(uri, LocalCloudHost.RoutePrefix)}");
    await app.WaitForShutdownAsync().ConfigureAwait(false);
}

return 0;
