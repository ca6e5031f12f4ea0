using System.Net;
using CloudRisPacs.Azure.DependencyInjection;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CloudRisPacs.Functions.LocalHost;

/// <summary>
/// Builds the local cloud host: the function app's HTTP functions under <c>/api</c> on a loopback port, its timer
/// functions on their schedules, and the same pipeline and bus pump as in Azure, on Azurite with Storage Queues as the
/// bus. API keys per tenant stand in for Entra ID (only their hashes are kept).
/// </summary>
public static class LocalCloudHost
{
    public const string RoutePrefix = "api";

    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder.Configuration);
        var options = new LocalHostOptions();
        builder.Configuration.GetSection(LocalHostOptions.SectionName).Bind(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The local host's configuration is invalid:\n  " + string.Join("\n  ", problems));
        }

        // The pipeline reads the same CloudRisPacs section as in Azure; the local host points it at Azurite and Storage Queues.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CloudRisPacs:Storage:ConnectionString"] = options.StorageConnectionString,
            ["CloudRisPacs:Bus:Transport"] = "StorageQueues",
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port));

        var keys = options.Tenants.SelectMany(t => Keys(t)).ToArray();
        var authenticator = new ApiKeyTenantAuthenticator(keys);
        foreach (var tenant in options.Tenants)
        {
            tenant.EdgeApiKey = null; // only hashes stay in memory
            tenant.StaffApiKey = null;
        }

        var catalog = FunctionCatalog.Of(typeof(ApiHttp).Assembly);
        var unknownTimers = options.TimerSchedules.Keys.Where(name => catalog.Timers.All(t => t.Name != name)).ToArray();
        if (unknownTimers.Length > 0)
        {
            throw new InvalidOperationException("The local host's configuration is invalid:\n  " + string.Join("\n  ",
                unknownTimers.Select(name => $"LocalHost:TimerSchedules:{name} names no timer function (known: {string.Join(", ", catalog.Timers.Select(t => t.Name))}).")));
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddHostedService<LocalProvisioning>(); // before the bus consumer, so it finds the tenants

        // Only the configured tenants' ingress queues: an Azurite shared with other hosts may register more tenants.
        builder.Services.AddSingleton<IBusChannelSource>(new StaticBusChannelSource(
            options.Tenants.Select(t => BusChannel.Ingress(TenantId.Parse(t.Id!)))));
        builder.Services.AddCloudPipeline(builder.Configuration.GetSection("CloudRisPacs"), _ => authenticator);
        builder.Services.AddSingleton<ApiHttp>();
        if (options.TimersEnabled)
        {
            builder.Services.AddHostedService<TimerFunctionRunner>();
        }

        var app = builder.Build();
        var served = options.Tenants.Select(t => TenantId.Parse(t.Id!)).ToHashSet();
        app.Services.GetRequiredService<Core.Pipeline.CloudPipeline>().Watchdogs.TenantFilter = served.Contains;
        foreach (var function in catalog.Http)
        {
            app.MapMethods($"/{RoutePrefix}/{function.Route}", function.Methods,
                http => FunctionInvoker.InvokeHttpAsync(function, http, http.RequestServices)).WithName(function.Name);
        }

        return app;
    }

    /// <summary>The base URL the host listens on (after start; resolves port 0).</summary>
    public static Uri ListeningUri(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static IEnumerable<ApiKeyRegistration> Keys(LocalTenantOptions tenant)
    {
        var id = TenantId.Parse(tenant.Id!);
        if (!string.IsNullOrEmpty(tenant.EdgeApiKey))
        {
            yield return ApiKeyRegistration.FromKey(id, ApiRoles.EdgeAgent, $"{id.Value}-edge", tenant.EdgeApiKey);
        }

        if (!string.IsNullOrEmpty(tenant.StaffApiKey))
        {
            yield return ApiKeyRegistration.FromKey(id, ApiRoles.Staff, $"{id.Value}-staff", tenant.StaffApiKey);
        }
    }
}
