using CloudRisPacs.Azure.DependencyInjection;
using CloudRisPacs.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Thin isolated-worker host: HTTP and timer functions over CloudRisPacs.Core, and the bus consumer as a hosted service
// (the Service Bus session processor through the adapters; it needs an always-on instance, see docs/cloud-pipeline.md).
var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddCloudPipeline(builder.Configuration.GetSection("CloudRisPacs"));
builder.Services.AddSingleton<ApiHttp>();
using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
