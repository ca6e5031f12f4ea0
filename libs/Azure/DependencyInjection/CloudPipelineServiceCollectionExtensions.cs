using CloudRisPacs.Azure.Api;
using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudRisPacs.Azure.DependencyInjection;

/// <summary>Registers the cloud pipeline of a host (the function app, the local host) over the Azure adapters.</summary>
public static class CloudPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the adapters (<see cref="AzureServiceCollectionExtensions.AddCloudRisPacsAzure"/>), the pipeline
    /// (<see cref="CloudPipeline"/>, options from <c>Pipeline</c>), the bus consumer over one ingress channel per tenant of
    /// the registry (a hosted service), the dead-letter observer that records exceptions, and the API authenticator:
    /// <paramref name="authenticator"/> when given (the local host's API keys), otherwise Entra ID from <c>Api</c>; both
    /// refuse the callers of a tenant disabled in the registry (<see cref="EnabledTenantAuthenticator"/>).
    /// </summary>
    public static IServiceCollection AddCloudPipeline(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, ITenantAuthenticator>? authenticator = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCloudRisPacsAzure(configuration);
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>>(
            new ProblemListValidator<PipelineOptions>("the pipeline", o => o.Validate())));
        services.AddOptions<PipelineOptions>().ValidateOnStart();
        services.TryAddSingleton(provider => new TenantRegistry(provider.GetRequiredService<ITableStore>(), provider.GetService<TimeProvider>()));
        services.TryAddSingleton(provider => new PipelineContext(
            provider.GetRequiredService<ITableStore>(),
            provider.GetRequiredService<IBlobStore>(),
            provider.GetRequiredService<IBusPublisher>(),
            provider.GetRequiredService<TenantRegistry>(),
            provider.GetRequiredService<IOptions<PipelineOptions>>().Value,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton(provider => new CloudPipeline(
            provider.GetRequiredService<PipelineContext>(),
            provider.GetRequiredService<IOptions<BusConsumerOptions>>().Value.Retry,
            provider.GetService<IBusBacklogProbe>()));
        services.Replace(ServiceDescriptor.Singleton<IBusDeadLetterObserver>(provider => provider.GetRequiredService<CloudPipeline>().DeadLetterObserver));
        services.AddBusConsumer<CloudMessageRouter>(provider => new TenantRegistryChannelSource(provider.GetRequiredService<TenantRegistry>()));

        if (authenticator is null)
        {
            services.AddOptions<EntraApiOptions>().Bind(configuration.GetSection(EntraApiOptions.SectionName));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EntraApiOptions>>(
                new ProblemListValidator<EntraApiOptions>("the API authentication", o => o.Validate())));
            services.AddOptions<EntraApiOptions>().ValidateOnStart();
            authenticator = provider => new EntraTenantAuthenticator(
                provider.GetRequiredService<IOptions<EntraApiOptions>>().Value,
                provider.GetRequiredService<CloudPipeline>().Agents,
                time: provider.GetService<TimeProvider>(),
                logger: provider.GetService<ILogger<EntraTenantAuthenticator>>());
        }

        // Whatever the credential, a disabled (offboarded) tenant's callers are refused.
        services.TryAddSingleton<ITenantAuthenticator>(provider => new EnabledTenantAuthenticator(
            authenticator(provider), provider.GetRequiredService<TenantRegistry>(), provider.GetService<ILogger<EnabledTenantAuthenticator>>()));
        return services;
    }
}
