using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Functions.LocalHost;

/// <summary>
/// Runs each timer function on its NCRONTAB schedule (six fields, seconds first; <see cref="LocalHostOptions.TimerSchedules"/>
/// may replace it), one run at a time per function.
/// </summary>
internal sealed partial class TimerFunctionRunner(
    FunctionCatalog catalog, LocalHostOptions options, IServiceProvider services, TimeProvider time, ILogger<TimerFunctionRunner> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Timers.Select(timer => RunAsync(timer, stoppingToken)));

    private async Task RunAsync(TimerFunction function, CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(options.TimerSchedules.TryGetValue(function.Name, out var local) ? local : function.Schedule, CronFormat.IncludeSeconds);
        DateTimeOffset? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - time.GetUtcNow(), time, stoppingToken).ConfigureAwait(false);
                await FunctionInvoker.InvokeTimerAsync(function, services, last, next.Value, stoppingToken).ConfigureAwait(false);
                last = next;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failing run is logged and the next one happens on schedule, as the Functions host does.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex, function.Name);
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Timer function {Function} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function);
}
