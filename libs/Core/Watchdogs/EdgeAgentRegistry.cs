using System.Runtime.CompilerServices;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Watchdogs;

/// <summary>
/// The <c>EdgeAgents</c> table (partition <c>{tenant}</c>): registered API clients (<c>client|{client id}</c> → role,
/// used by the Entra ID authenticator to map a token's client id to its tenant) and heartbeats (<c>heartbeat|{site}</c>).
/// </summary>
public sealed class EdgeAgentRegistry(ITableStore tables)
{
    public const string ClientPrefix = "client|";
    public const string HeartbeatPrefix = "heartbeat|";

    private static string Table => CloudResourceNames.Tables.EdgeAgents;

    /// <summary>
    /// Registers an Entra ID application (client id) as a tenant's edge agent or staff client, or changes its role.
    /// Throws <see cref="ClientRegisteredElsewhereException"/> when another tenant has the client id already: the
    /// token's client id is all that decides the tenant, so it must name one. (Two registrations racing each other
    /// can still both land; the authenticator refuses a client id it finds in two tenants.)
    /// </summary>
    public async Task RegisterClientAsync(TenantId tenant, string clientId, string role, CancellationToken cancellationToken = default)
    {
        var rowKey = ClientPrefix + KeyPart.Encode(clientId);
        var others = new List<TenantId>();
        var query = new TableQuery(string.Empty) { PartitionKeyIsPrefix = true, RowKeyPrefix = rowKey };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == rowKey && TenantId.TryParse(row.PartitionKey, out var other) && other != tenant)
            {
                others.Add(other);
            }
        }

        if (others.Count > 0)
        {
            throw new ClientRegisteredElsewhereException(clientId, tenant, others);
        }

        await tables.UpsertAsync(Table, new TableRow(tenant.Value, rowKey) { ["ClientId"] = clientId, ["Role"] = role }, TableWriteMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every registered client of every tenant: (tenant, client id, role).</summary>
    public async IAsyncEnumerable<(TenantId Tenant, string ClientId, string Role)> ListClientsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new TableQuery(string.Empty) { PartitionKeyIsPrefix = true, RowKeyPrefix = ClientPrefix };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            if (TenantId.TryParse(row.PartitionKey, out var tenant))
            {
                yield return (tenant, row.GetString("ClientId") ?? string.Empty, row.GetString("Role") ?? string.Empty);
            }
        }
    }

    public Task RecordHeartbeatAsync(TenantId tenant, EdgeHeartbeat heartbeat, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var row = new TableRow(tenant.Value, HeartbeatPrefix + KeyPart.Encode(heartbeat.SiteId))
        {
            ["SiteId"] = heartbeat.SiteId,
            ["AgentVersion"] = heartbeat.AgentVersion,
            ["LastSeen"] = receivedAt,
            ["SentAt"] = heartbeat.At,
            ["Backlogs"] = System.Text.Json.JsonSerializer.Serialize(heartbeat.Backlogs, BusContractJson.Options),
        };
        return tables.UpsertAsync(Table, row, TableWriteMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<(string SiteId, DateTimeOffset LastSeen)>> ListHeartbeatsAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var list = new List<(string, DateTimeOffset)>();
        var query = new TableQuery(tenant.Value) { RowKeyPrefix = HeartbeatPrefix };
        await foreach (var row in tables.QueryAsync(Table, query, cancellationToken).ConfigureAwait(false))
        {
            list.Add((row.GetString("SiteId") ?? string.Empty, row.GetDateTimeOffset("LastSeen") ?? DateTimeOffset.MinValue));
        }

        return list;
    }
}
