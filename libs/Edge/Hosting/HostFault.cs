using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Why the host stopped, when no one asked it to: a background service that failed stops the whole agent
/// (BackgroundServiceExceptionBehavior.StopHost), listeners included. The process must then exit non-zero with a critical
/// line, so systemd restarts it and a monitor sees a failure instead of a clean stop.
/// </summary>
public static partial class HostFault
{
    /// <summary>The exit code of an agent stopped by a fault (2 stays for start-up problems, which a restart does not cure).</summary>
    public const int ExitCode = 1;

    /// <summary>The first failure of a background service of <paramref name="services"/>, or null when every one ended cleanly.</summary>
    public static Exception? Find(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Select(service => service.ExecuteTask is { IsFaulted: true } task ? task.Exception?.GetBaseException() : null)
            .FirstOrDefault(exception => exception is not null);

    /// <summary>Logs the fault of <paramref name="services"/> as critical (event 890); true when there was one.</summary>
    public static bool Report(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (Find(services) is not { } fault)
        {
            return false;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostFault));
        var reason = fault.Message;
        LogStopped(logger, fault, reason);
        return true;
    }

    [LoggerMessage(EventId = 890, Level = LogLevel.Critical, Message = "The edge agent stopped because a background service failed: {Reason}")]
    private static partial void LogStopped(ILogger logger, Exception exception, string reason);
}
