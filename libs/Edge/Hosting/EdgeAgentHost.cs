using System.Net;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.DependencyInjection;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Edge.Cloud;
using CloudRisPacs.Edge.Background;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Inbound;
using CloudRisPacs.Edge.Outbound;
using CloudRisPacs.Edge.Spool;
using CloudRisPacs.Edge.Status;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.Edge.Worklist;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Builds the agent: one generic host (with Kestrel for the status endpoint) running as a console app, a systemd
/// unit or a Windows service. Configuration: <c>appsettings.json</c> next to the executable (or <c>--config FILE</c>),
/// then <c>EdgeAgent__*</c> environment variables, then command-line <c>--EdgeAgent:Key=value</c>. The configuration
/// is validated before anything starts; <see cref="EdgeConfigurationException"/> lists every problem.
/// </summary>
public static class EdgeAgentHost
{
    private const string ConfigEquals = "--config=";

    /// <summary>
    /// Builds the host from command-line arguments. <paramref name="customize"/> runs before the configuration is read
    /// (tests add their settings and log capture there).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var configFile = ConfigFileArgument(args);
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: true);
            builder.Configuration.AddEnvironmentVariables();
            builder.Configuration.AddCommandLine(args);
        }

        ConfigureLogging(builder.Logging, builder.Configuration);
        customize?.Invoke(builder);
        var options = EdgeAgentConfiguration.ReadValid(builder.Configuration);
        var unusable = Check.CertificateCheck.Check(options).Where(r => r.Unusable).Select(r => $"{r.Subject}: {r.Detail}").ToList();
        if (unusable.Count > 0)
        {
            throw new EdgeConfigurationException(unusable);
        }

        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(o => o.ServiceName = "CloudRisPacsEdge");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.Status.ListenAddress), options.Status.Port));

        AddEdgeAgent(builder.Services, options);

        // After the listeners, so a change arriving at start finds them running.
        var fileProblems = new ConfigurationFileProblems();
        fileProblems.Watch(builder.Configuration);
        builder.Services.AddSingleton(fileProblems);
        builder.Services.AddHostedService<ConfigurationReload>();

        // Taken before anything touches the folder; the container owns it from here and lets it go with the host.
        var folderLock = DataFolderLock.Acquire(Path.GetDirectoryName(options.DatabasePath)!);
        builder.Services.AddSingleton(_ => folderLock);
        WebApplication app;
        try
        {
            app = builder.Build();
            _ = app.Services.GetRequiredService<DataFolderLock>();
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }

        Check.ConfigurationWarnings.Log(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Check.ConfigurationWarnings)), options);
        app.MapEdgeStatus();
        var endpoints = app.Services.GetRequiredService<EdgeEndpoints>();
        endpoints.Set("status", $"http://{FormatHost(options.Status.ListenAddress)}:{options.Status.Port}/status");
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, options, endpoints));
        return app;
    }

    /// <summary>Registers everything the agent runs; exposed so tests can compose a host the same way.</summary>
    public static IServiceCollection AddEdgeAgent(IServiceCollection services, EdgeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var site = EdgeSite.From(options);
        services.AddSingleton(options);
        services.AddSingleton(options.Mllp);
        services.AddSingleton(options.Ris);
        services.AddSingleton(options.Dicom);
        services.AddSingleton(options.Status);
        services.AddSingleton(options.Forwarder);
        services.AddSingleton(options.Worklist);
        services.AddSingleton(options.Spool);
        services.AddSingleton(site);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EdgeCounters>();
        services.AddSingleton<CloudContacts>();
        services.AddSingleton<EdgeEndpoints>();
        services.AddSingleton<EdgeCertificates>();
        services.AddSingleton<EdgeMessages>();

        services.AddSingleton(_ => EdgeDatabase.Open(options.DatabasePath));
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<InboundHl7Store>();
        services.AddSingleton<OutboundStore>();
        services.AddSingleton<SpoolStore>();
        services.AddSingleton<WorklistCacheStore>();
        services.AddSingleton<CommitmentStore>();
        services.AddSingleton<DicomServices.CommitmentClaims>();
        services.AddSingleton<DicomServices.CommitmentResultHandler>();
        services.AddSingleton<MppsStore>();
        services.AddSingleton<DicomServices.ModalityGate>();
        services.AddSingleton<DicomServices.CacheWorklistSource>();
        services.AddSingleton<DicomServices.SpoolStoreHandler>();
        services.AddSingleton<DicomServices.EdgeMppsHandler>();
        services.AddSingleton<DicomServices.EdgeCommitmentHandler>();
        services.AddSingleton<HistoryPurge>();
        services.AddSingleton(provider => new DicomSpool(provider.GetRequiredService<SpoolStore>(), options.Spool, options.SpoolFolder,
            provider.GetRequiredService<EdgeCounters>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DicomSpool>>()));
        services.AddSingleton(provider => new DurableHl7Handler(provider.GetRequiredService<InboundHl7Store>(), site,
            provider.GetRequiredService<EdgeCounters>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DurableHl7Handler>>(), options.Mllp.MaxMessageBytes));
        services.AddSingleton<EdgeStatusReporter>();

        services.AddCloudRisPacsAzure(AzureSettings.From(options.Cloud), AzureFeatures.Blobs | AzureFeatures.Bus);
        AddWorklistApi(services, options);
        services.AddSingleton<OutboundHl7Intake>();
        services.AddSingleton<Hl7OutcomeHandler>();
        services.AddSingleton<WorklistChangeHandler>();
        services.AddSingleton<IBusMessageHandler>(provider => new BusMessageRouter(EdgeBusHandlers.For(provider)));
        services.AddBusConsumer<BusMessageRouter>([site.Edge]);

        services.AddSingleton<MllpListenerService>();
        services.AddHostedService(provider => provider.GetRequiredService<MllpListenerService>());
        services.AddSingleton<DicomListenerService>();
        services.AddHostedService(provider =>
        {
            var dicom = provider.GetRequiredService<DicomListenerService>();
            provider.GetRequiredService<EdgeStatusReporter>().DicomActivity = () => (dicom.ActiveAssociations, dicom.PendingCommitments);
            return dicom;
        });
        services.AddSingleton<DicomServices.CommitmentReportDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<DicomServices.CommitmentReportDelivery>());
        services.AddSingleton(provider => new OutboxForwarder(provider.GetRequiredService<OutboxStore>(), provider.GetRequiredService<IBusPublisher>(),
            site, options.Forwarder, provider.GetRequiredService<CloudContacts>().Bus, provider.GetRequiredService<EdgeCounters>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<OutboxForwarder>>(),
            options.Cloud.Mode == CloudMode.StorageQueues ? LocalMode.IngressQueueCreator(provider, site) : null));
        services.AddHostedService(provider => provider.GetRequiredService<OutboxForwarder>());
        services.AddSingleton(provider => new SpoolUploader(provider.GetRequiredService<SpoolStore>(), provider.GetRequiredService<DicomSpool>(),
            provider.GetRequiredService<Core.Storage.IBlobStore>(), site, options.Spool, options.Forwarder, provider.GetRequiredService<EdgeMessages>(),
            provider.GetRequiredService<CloudContacts>().Blob, provider.GetRequiredService<EdgeCounters>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SpoolUploader>>(), ensureContainer: options.Cloud.Mode == CloudMode.StorageQueues));
        services.AddHostedService(provider => provider.GetRequiredService<SpoolUploader>());
        services.AddSingleton<OutboundDeliveryService>();
        services.AddHostedService(provider =>
        {
            var delivery = provider.GetRequiredService<OutboundDeliveryService>();
            var reporter = provider.GetRequiredService<EdgeStatusReporter>();
            reporter.RisUnreachable = () => delivery.RisUnreachable;
            var receiving = provider.GetRequiredService<BusReceiveHealth>();
            reporter.ReceiveFailures = () => receiving.Failures;
            PassingService[] passing = [delivery, provider.GetRequiredService<OutboxForwarder>(), provider.GetRequiredService<SpoolUploader>(),
                provider.GetRequiredService<DicomServices.CommitmentReportDelivery>()];
            reporter.PassFailures = () => passing.Select(service => service.LastFailure).OfType<PassFailure>();
            return delivery;
        });
        services.AddSingleton(provider => new WorklistSyncService(provider.GetRequiredService<WorklistCacheStore>(),
            provider.GetRequiredService<OutboxStore>(), provider.GetRequiredService<EdgeMessages>(), site, options.Worklist,
            provider.GetService<WorklistApiClient>(), provider.GetRequiredService<CloudContacts>().Api, provider.GetRequiredService<EdgeCounters>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<WorklistSyncService>>()));
        services.AddHostedService(provider => provider.GetRequiredService<WorklistSyncService>());
        services.AddHostedService<HeartbeatService>();
        services.AddHostedService<MaintenanceService>();
        return services;
    }

    private static void AddWorklistApi(IServiceCollection services, EdgeAgentOptions options)
    {
        var cloud = options.Cloud;
        if (cloud.ApiBaseUri is null)
        {
            return;
        }

        services.AddSingleton(_ => new HttpClient { Timeout = cloud.RequestTimeout });
        services.AddSingleton<ICloudApiToken>(provider => string.IsNullOrWhiteSpace(cloud.ApiKey)
            ? new EntraApiToken(provider.GetRequiredService<AzureClientFactory>().Credential, cloud.ApiAudience!)
            : new ApiKeyToken(cloud.ApiKey));
        services.AddSingleton(provider =>
            new WorklistApiClient(provider.GetRequiredService<HttpClient>(), cloud.ApiBaseUri, provider.GetRequiredService<ICloudApiToken>(),
                options.Worklist));
    }

    /// <summary>
    /// Console logs with scopes (each message's correlation id): one line per event, or JSON lines when
    /// <c>Logging:Console:FormatterName</c> is <c>json</c> (for a log collector). ASP.NET's per-request logs are muted.
    /// </summary>
    private static void ConfigureLogging(ILoggingBuilder logging, ConfigurationManager configuration)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (string.Equals(configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
            return;
        }

        logging.AddSimpleConsole(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
    }

    /// <summary>
    /// The configuration file named by <c>--config FILE</c> or <c>--config=FILE</c> (as given, not yet a full path); null
    /// when there is none. The agent and its commands (check, requeue) take both forms.
    /// </summary>
    public static string? ConfigFileArgument(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(ConfigEquals, StringComparison.Ordinal))
            {
                return args[i][ConfigEquals.Length..];
            }
        }

        return null;
    }

    /// <summary>True when <c>args[index]</c> is <c>--config</c>, its file, or <c>--config=FILE</c>: not an operand of a command.</summary>
    public static bool IsConfigArgument(IReadOnlyList<string> args, int index)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args[index] == "--config" || args[index].StartsWith(ConfigEquals, StringComparison.Ordinal)
            || (index > 0 && args[index - 1] == "--config");
    }

    private static string FormatHost(string address) =>
        IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;

    private static void PrintBanner(WebApplication app, EdgeAgentOptions options, EdgeEndpoints endpoints)
    {
        var site = app.Services.GetRequiredService<EdgeSite>();
        var lines = new List<string>
        {
            $"CloudRisPacs edge agent {EdgeStatusReporter.AgentVersion} — tenant {site.Tenant.Value}, site {site.SiteId}",
            $"  cloud:   {options.Cloud.Mode} (ingress {site.Ingress.Name}, edge {site.Edge.Name}, DICOM container {site.DicomContainer})",
            $"  data:    {Path.GetFullPath(options.DataFolder!)}",
        };
        lines.AddRange(endpoints.Snapshot().Select(p => $"  {p.Key + ":",-8} {p.Value}"));
        lines.Add(options.Ris.IsConfigured ? $"  ris:     mllp{(options.Ris.UseTls ? "-tls" : string.Empty)}://{options.Ris.Host}:{options.Ris.Port} (outbound)" : "  ris:     not configured; outbound HL7 waits in the local queue");
        foreach (var line in lines)
        {
            Console.Out.WriteLine(line);
        }

        Console.Out.Flush();
    }
}
