using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Core.Tenancy;

/// <summary>
/// The tenant registry in the <c>Tenants</c> table: partition <c>{tenant}</c>, row <c>tenant</c>. The bus consumer
/// learns its channels here (one ingress queue per enabled tenant) and handlers read each tenant's settings here.
/// Reads are cached for <see cref="CacheDuration"/> so the hot path costs no round-trip.
/// </summary>
public sealed class TenantRegistry
{
    public const string RowKey = "tenant";

    private readonly ITableStore tables;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private IReadOnlyList<TenantRecord>? cached;
    private IReadOnlyDictionary<TenantId, string> cachedUnusable = new Dictionary<TenantId, string>();
    private DateTimeOffset cachedAt;

    public TenantRegistry(ITableStore tables, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        this.tables = tables;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>How long a read of the registry is reused. Default one minute.</summary>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Adds or replaces a tenant (local host provisioning, <see cref="TenantOnboarding"/>, tests).</summary>
    public async Task RegisterAsync(TenantRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Settings.Validate(record.Tenant) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(record));
        }

        var row = new TableRow(record.Tenant.Value, RowKey)
        {
            ["DisplayName"] = record.DisplayName,
            ["Enabled"] = record.Enabled,
            ["Settings"] = JsonSerializer.Serialize(record.Settings, BusContractJson.Options),
            ["RegisteredAt"] = record.RegisteredAt,
        };
        await tables.UpsertAsync(Tables, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
        Invalidate();
    }

    /// <summary>Every registered tenant (cached).</summary>
    public async Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (cached is not null && time.GetUtcNow() - cachedAt < CacheDuration)
            {
                return cached;
            }
        }

        var list = new List<TenantRecord>();
        var unusable = new Dictionary<TenantId, string>();
        var query = new TableQuery(string.Empty) { PartitionKeyIsPrefix = true, RowKeyPrefix = RowKey };
        await foreach (var row in tables.QueryAsync(Tables, query, cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == RowKey && TenantId.TryParse(row.PartitionKey, out var tenant))
            {
                // One clinic's broken settings row (a hand edit, a time zone id a tzdata update dropped) must not stop
                // every other clinic: it is left out here, its own messages fail with the reason (FindAsync reads its
                // row again), and the watchdogs report it.
                try
                {
                    list.Add(FromRow(tenant, row));
                }
                catch (InvalidOperationException ex)
                {
                    unusable[tenant] = ex.Message;
                }
            }
        }

        lock (gate)
        {
            cached = list;
            cachedUnusable = unusable;
            cachedAt = time.GetUtcNow();
        }

        return list;
    }

    /// <summary>Tenants whose row cannot be used, with the reason; <see cref="ListAsync"/> leaves them out (cached with it).</summary>
    public async Task<IReadOnlyDictionary<TenantId, string>> ListUnusableAsync(CancellationToken cancellationToken = default)
    {
        _ = await ListAsync(cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            return cachedUnusable;
        }
    }

    /// <summary>The tenant's record, or null when it is not registered.</summary>
    /// <exception cref="InvalidOperationException">The tenant's row holds settings that cannot be used.</exception>
    public async Task<TenantRecord?> FindAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        var found = all.FirstOrDefault(record => record.Tenant == tenant);
        if (found is not null)
        {
            return found;
        }

        // A tenant registered since the last read must not wait for the cache to expire.
        var row = await tables.GetAsync(Tables, tenant.Value, RowKey, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        Invalidate();
        return FromRow(tenant, row);
    }

    /// <summary>The tenant's settings; the defaults when it has none or is not registered.</summary>
    public async Task<TenantSettings> GetSettingsAsync(TenantId tenant, CancellationToken cancellationToken = default) =>
        (await FindAsync(tenant, cancellationToken).ConfigureAwait(false))?.Settings ?? new TenantSettings();

    public void Invalidate()
    {
        lock (gate)
        {
            cached = null;
        }
    }

    private static string Tables => CloudResourceNames.Tables.Tenants;

    private static TenantRecord FromRow(TenantId tenant, TableRow row)
    {
        TenantSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<TenantSettings>(row.GetString("Settings") ?? "{}", BusContractJson.Options) ?? new TenantSettings();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The settings of tenant '{tenant.Value}' in the Tenants table are not valid JSON: {ex.Message}", ex);
        }

        if (settings.Validate(tenant) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException($"The settings of tenant '{tenant.Value}' in the Tenants table cannot be used: {string.Join(" ", problems)}");
        }

        return new TenantRecord(
            tenant,
            row.GetString("DisplayName") ?? tenant.Value,
            row.GetBoolean("Enabled") ?? true,
            settings,
            row.GetDateTimeOffset("RegisteredAt") ?? row.Timestamp ?? DateTimeOffset.MinValue);
    }
}
