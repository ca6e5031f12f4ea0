using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>Hourly: removes finished history older than <see cref="EdgeAgentOptions.HistoryRetention"/>.</summary>
public sealed class MaintenanceService(HistoryPurge purge, EdgeAgentOptions options, TimeProvider time, ILogger<MaintenanceService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await purge.PurgeAsync(time.GetUtcNow() - options.HistoryRetention, stoppingToken).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                EdgeLog.PurgeFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
