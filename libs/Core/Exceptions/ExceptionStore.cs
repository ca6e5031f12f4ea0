using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Exceptions;

/// <summary>Raises, lists and resolves pipeline exceptions; resolutions go to the audit trail.</summary>
public sealed class ExceptionStore(ITableStore tables, AuditLog audit, TimeProvider time)
{
    public const int MaxRawLength = 30_000;

    private static string Table => CloudResourceNames.Tables.Exceptions;

    /// <summary>The id of the exception of <paramref name="kind"/> about <paramref name="subject"/>.</summary>
    public static string IdFor(string kind, string subject) => $"{kind}~{KeyPart.Encode(subject)}";

    /// <summary>
    /// Records the exception, or when the same one exists: counts the occurrence and refreshes the reason; a resolved
    /// one is reopened (the problem came back).
    /// </summary>
    public async Task<ExceptionRecord> RaiseAsync(TenantId tenant, ExceptionRecord exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await tables.GetAsync(Table, tenant.Value, exception.Id, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var merged = existing is null
                ? exception with { CreatedAt = now, UpdatedAt = now }
                : exception with
                {
                    CreatedAt = FromRow(existing).CreatedAt,
                    UpdatedAt = now,
                    Occurrences = FromRow(existing).Occurrences + 1,
                };
            var row = ToRow(tenant, merged);
            try
            {
                if (existing is null)
                {
                    await tables.InsertAsync(Table, row, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    row.ETag = existing.ETag;
                    await tables.UpdateAsync(Table, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return merged;
            }
            catch (TableConflictException) when (attempt < 5)
            {
                // Raised concurrently (two deliveries, a watchdog): read again and count once more.
            }
        }
    }

    /// <summary>
    /// Raises the exception again after a re-check of its subject (a study matched again on each watchdog run), except
    /// when it was resolved after the subject last changed at <paramref name="subjectChangedAt"/>: a person's "resolve"
    /// stands until something new happens (a new image), or the next run would reopen it.
    /// </summary>
    public async Task<ExceptionRecord> RaiseUnlessResolvedSinceAsync(TenantId tenant, ExceptionRecord exception, DateTimeOffset subjectChangedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var existing = await GetAsync(tenant, exception.Id, cancellationToken).ConfigureAwait(false);
        return existing is { Status: ExceptionStatus.Resolved, ResolvedAt: { } resolvedAt } && resolvedAt >= subjectChangedAt
            ? existing
            : await RaiseAsync(tenant, exception, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Raises the exception only when it does not exist yet (watchdogs that run repeatedly over the same problem);
    /// returns whether it was new.
    /// </summary>
    public async Task<bool> RaiseOnceAsync(TenantId tenant, ExceptionRecord exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var now = time.GetUtcNow();
        try
        {
            await tables.InsertAsync(Table, ToRow(tenant, exception with { CreatedAt = now, UpdatedAt = now }), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableConflictException)
        {
            return false;
        }
    }

    public async Task<ExceptionRecord?> GetAsync(TenantId tenant, string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (TableKeys.FindProblem(id) is not null)
        {
            return null;
        }

        var row = await tables.GetAsync(Table, tenant.Value, id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : FromRow(row);
    }

    public async Task<IReadOnlyList<ExceptionRecord>> ListAsync(TenantId tenant, ExceptionStatus? status, string? kind, int take,
        CancellationToken cancellationToken = default)
    {
        var filter = new Dictionary<string, object>(StringComparer.Ordinal);
        if (status is { } s)
        {
            filter["Status"] = s.ToString();
        }

        if (!string.IsNullOrEmpty(kind))
        {
            filter["Kind"] = kind;
        }

        var query = new TableQuery(tenant.Value) { WhereEquals = filter, Take = take };
        var list = new List<ExceptionRecord>();
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            list.Add(FromRow(row));
        }

        return list;
    }

    /// <summary>Marks the exception resolved by <paramref name="actor"/> (audited); null when it does not exist.</summary>
    public async Task<ExceptionRecord?> ResolveAsync(TenantId tenant, string id, string actor, string resolution,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentException.ThrowIfNullOrEmpty(resolution);
        for (var attempt = 0; ; attempt++)
        {
            var row = await tables.GetAsync(Table, tenant.Value, id, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return null;
            }

            var current = FromRow(row);
            if (current.Status == ExceptionStatus.Resolved)
            {
                return current;
            }

            var now = time.GetUtcNow();
            var resolved = current with
            {
                Status = ExceptionStatus.Resolved, ResolvedAt = now, ResolvedBy = actor, Resolution = resolution, UpdatedAt = now,
            };
            var update = ToRow(tenant, resolved);
            update.ETag = row.ETag;
            try
            {
                await tables.UpdateAsync(Table, update, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            catch (TableConflictException) when (attempt < 5)
            {
                continue;
            }

            await audit.RecordAsync(tenant, actor, "exception.resolved", id, resolution, cancellationToken).ConfigureAwait(false);
            return resolved;
        }
    }

    public static string? Truncate(string? raw) => raw is null ? null : raw.Length <= MaxRawLength ? raw : raw[..MaxRawLength];

    private static TableRow ToRow(TenantId tenant, ExceptionRecord e) => new(tenant.Value, e.Id)
    {
        ["Kind"] = e.Kind,
        ["Status"] = e.Status.ToString(),
        ["Reason"] = e.Reason.Length > MaxRawLength ? e.Reason[..MaxRawLength] : e.Reason,
        ["MessageId"] = e.MessageId,
        ["AccessionNumber"] = e.AccessionNumber,
        ["StudyInstanceUid"] = e.StudyInstanceUid,
        ["PatientId"] = e.PatientId,
        ["OrderKey"] = e.OrderKey,
        ["RawMessage"] = Truncate(e.RawMessage),
        ["RawLength"] = e.RawLength == 0 && e.RawMessage is not null ? e.RawMessage.Length : e.RawLength,
        ["Occurrences"] = e.Occurrences,
        ["CreatedAt"] = e.CreatedAt,
        ["UpdatedAt"] = e.UpdatedAt,
        ["ResolvedAt"] = e.ResolvedAt,
        ["ResolvedBy"] = e.ResolvedBy,
        ["Resolution"] = e.Resolution,
    };

    private static ExceptionRecord FromRow(TableRow row) => new()
    {
        Id = row.RowKey,
        Kind = row.GetString("Kind") ?? string.Empty,
        Status = Enum.TryParse<ExceptionStatus>(row.GetString("Status"), out var status) ? status : ExceptionStatus.Open,
        Reason = row.GetString("Reason") ?? string.Empty,
        MessageId = row.GetString("MessageId"),
        AccessionNumber = row.GetString("AccessionNumber"),
        StudyInstanceUid = row.GetString("StudyInstanceUid"),
        PatientId = row.GetString("PatientId"),
        OrderKey = row.GetString("OrderKey"),
        RawMessage = row.GetString("RawMessage"),
        RawLength = row.GetInt32("RawLength") ?? 0,
        Occurrences = row.GetInt32("Occurrences") ?? 1,
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        UpdatedAt = row.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        ResolvedAt = row.GetDateTimeOffset("ResolvedAt"),
        ResolvedBy = row.GetString("ResolvedBy"),
        Resolution = row.GetString("Resolution"),
    };
}
