using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Watchdogs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Functions.Timers;

/// <summary>The watchdogs against silent failure, each a timer function over <see cref="Watchdogs"/>.</summary>
public sealed partial class WatchdogFunctions(CloudPipeline pipeline, ILogger<WatchdogFunctions> logger)
{
    [Function("WatchdogOrdersWithoutImages")]
    public Task OrdersWithoutImages([TimerTrigger(WatchdogSchedules.OrdersWithoutImages)] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync(pipeline.Watchdogs.CheckOrdersWithoutImagesAsync(cancellationToken));

    [Function("WatchdogImagesWithoutOrders")]
    public Task ImagesWithoutOrders([TimerTrigger(WatchdogSchedules.ImagesWithoutOrders)] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync(pipeline.Watchdogs.CheckImagesWithoutOrdersAsync(cancellationToken));

    [Function("WatchdogEdgeHeartbeats")]
    public Task EdgeHeartbeats([TimerTrigger(WatchdogSchedules.EdgeHeartbeats)] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync(pipeline.Watchdogs.CheckEdgeHeartbeatsAsync(cancellationToken));

    [Function("WatchdogParkedMessages")]
    public Task ParkedMessages([TimerTrigger(WatchdogSchedules.ParkedMessages)] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync(pipeline.Watchdogs.CheckParkedMessagesAsync(cancellationToken));

    [Function("WatchdogQuietStudies")]
    public Task QuietStudies([TimerTrigger(WatchdogSchedules.QuietStudies)] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync(pipeline.Watchdogs.CompleteQuietStudiesAsync(cancellationToken));

    private async Task RunAsync(Task<WatchdogReport> check)
    {
        var report = await check.ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var notes = string.Join("; ", report.Notes.Take(20));
            LogReport(logger, report.Watchdog, report.TenantsChecked, report.Raised, notes);
        }

        if (report.Failures.Count > 0)
        {
            // The other tenants were checked; the run still fails, so the failure shows where failed runs show.
            var failures = string.Join("; ", report.Failures);
            LogFailures(logger, report.Watchdog, report.Failures.Count, failures);
            throw new InvalidOperationException($"Watchdog {report.Watchdog} could not check {report.Failures.Count} tenant(s): {failures}");
        }
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Watchdog {Watchdog} could not check {Count} tenant(s): {Failures}")]
    private static partial void LogFailures(ILogger logger, string watchdog, int count, string failures);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Watchdog {Watchdog}: {Tenants} tenants checked, {Raised} raised. {Notes}")]
    private static partial void LogReport(ILogger logger, string watchdog, int tenants, int raised, string notes);
}
