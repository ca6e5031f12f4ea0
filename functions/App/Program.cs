using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Thin isolated-worker host: function classes and the bus pump are registered here as they land.
var builder = FunctionsApplication.CreateBuilder(args);
using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
