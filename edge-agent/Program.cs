using Microsoft.Extensions.Hosting;

// The edge agent host. Services (MLLP server, DICOM SCP, forwarders) are registered here as they land.
var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
