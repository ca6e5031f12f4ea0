using System.Globalization;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Exceptions;

/// <summary>
/// The audit trail (<c>Audit</c> table, partition <c>{tenant}</c>): who did what to which subject, newest first (row
/// keys are inverted ticks). Manual resolutions and links through the API and automatic reconciliations are recorded.
/// </summary>
public sealed class AuditLog(ITableStore tables, TimeProvider time)
{
    private static string Table => CloudResourceNames.Tables.Audit;

    public async Task RecordAsync(TenantId tenant, string actor, string action, string subject, string details,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = new TableRow(tenant.Value, $"{inverted}~{Guid.NewGuid():N}")
        {
            ["Actor"] = actor,
            ["Action"] = action,
            ["Subject"] = subject,
            ["Details"] = details.Length > 30_000 ? details[..30_000] : details,
            ["At"] = now,
        };
        await tables.InsertAsync(Table, row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest entries first.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListAsync(TenantId tenant, int take, CancellationToken cancellationToken = default) =>
        SearchAsync(tenant, subject: null, take, scanLimit: take, cancellationToken);

    /// <summary>The newest entries first; with <paramref name="subject"/>, only that subject's among the newest <paramref name="scanLimit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(TenantId tenant, string? subject, int take, int scanLimit, CancellationToken cancellationToken = default)
    {
        var list = new List<AuditEntry>();
        var query = new TableQuery(tenant.Value) { Take = Math.Max(take, scanLimit) };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            var entry = new AuditEntry(row.GetString("Actor") ?? string.Empty, row.GetString("Action") ?? string.Empty,
                row.GetString("Subject") ?? string.Empty, row.GetString("Details") ?? string.Empty,
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);
            if (subject is not null && !string.Equals(entry.Subject, subject, StringComparison.Ordinal))
            {
                continue;
            }

            list.Add(entry);
            if (list.Count >= take)
            {
                break;
            }
        }

        return list;
    }
}
