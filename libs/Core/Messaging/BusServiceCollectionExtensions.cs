using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudRisPacs.Core.Messaging;

/// <summary>Registers the bus consumer of a host: its handler, its channels and the hosted service that drives the pump.</summary>
public static class BusServiceCollectionExtensions
{
    /// <summary>
    /// Consumes <paramref name="channels"/> with <typeparamref name="THandler"/> (use <see cref="BusMessageRouter"/>
    /// for several kinds). The transport's <see cref="IBusPump"/> comes from the Azure registration.
    /// </summary>
    public static IServiceCollection AddBusConsumer<THandler>(this IServiceCollection services, IEnumerable<BusChannel> channels)
        where THandler : class, IBusMessageHandler
    {
        ArgumentNullException.ThrowIfNull(channels);
        var fixedChannels = new StaticBusChannelSource(channels);
        return services.AddBusConsumer<THandler>(_ => fixedChannels);
    }

    /// <summary>Consumes the channels of an <see cref="IBusChannelSource"/> (the cloud's tenant registry).</summary>
    public static IServiceCollection AddBusConsumer<THandler>(this IServiceCollection services, Func<IServiceProvider, IBusChannelSource> channelSource)
        where THandler : class, IBusMessageHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(channelSource);
        services.AddOptions<BusConsumerOptions>();
        services.TryAddSingleton<IBusMessageHandler, THandler>();
        services.TryAddSingleton(channelSource);
        services.TryAddSingleton<IBusDeadLetterObserver, LoggingDeadLetterObserver>();
        services.TryAddSingleton(provider => new BusReceiveHealth(provider.GetService<TimeProvider>()));
        services.TryAddSingleton(provider => new BusDispatcher(
            provider.GetRequiredService<IBusMessageHandler>(),
            provider.GetRequiredService<IOptions<BusConsumerOptions>>().Value.Retry,
            provider.GetService<ILogger<BusDispatcher>>())
        {
            Receiving = provider.GetRequiredService<BusReceiveHealth>(),
        });
        services.AddHostedService(provider => new BusConsumerService(
            provider.GetRequiredService<IBusPump>(),
            provider.GetRequiredService<IBusChannelSource>(),
            provider.GetRequiredService<BusDispatcher>(),
            provider.GetRequiredService<IOptions<BusConsumerOptions>>(),
            provider.GetRequiredService<ILogger<BusConsumerService>>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
