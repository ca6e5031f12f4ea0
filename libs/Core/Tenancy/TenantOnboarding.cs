using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Watchdogs;

namespace CloudRisPacs.Core.Tenancy;

/// <summary>
/// The data half of onboarding a clinic: its row in the tenant registry (without it the bus consumer never reads the
/// clinic's ingress queue and no watchdog looks at it) and its API clients in <c>EdgeAgents</c>. The infrastructure
/// creates queues, containers and roles but cannot write table rows, so Azure needs this as a step of its own
/// (<c>cloudrispacs-admin onboard</c>); the local host does it at start. Idempotent: running it again keeps the tenant's
/// settings and registration time, enables it, and registers the clients again.
/// </summary>
public sealed class TenantOnboarding(ITableStore tables, TimeProvider? time = null)
{
    private readonly TenantRegistry registry = new(tables ?? throw new ArgumentNullException(nameof(tables)));
    private readonly EdgeAgentRegistry agents = new(tables);
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Registers (or re-enables) <paramref name="tenant"/> and its clients; returns the tenant's record as stored.</summary>
    /// <param name="tenant">The clinic.</param>
    /// <param name="displayName">Its name for people; null keeps the stored one (or the tenant id for a new tenant).</param>
    /// <param name="clients">Entra ID application (client) ids and their <see cref="ApiRoles"/>.</param>
    /// <param name="cancellationToken">Stops the registration.</param>
    /// <exception cref="ClientRegisteredElsewhereException">A client id belongs to another tenant already.</exception>
    public async Task<TenantRecord> OnboardAsync(TenantId tenant, string? displayName, IReadOnlyCollection<(string ClientId, string Role)> clients,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clients);
        foreach (var (clientId, role) in clients)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
            if (!ApiRoles.All.Contains(role))
            {
                throw new ArgumentException($"Role '{role}' of client '{clientId}' is not one of {string.Join(", ", ApiRoles.All)}.", nameof(clients));
            }
        }

        await tables.EnsureTableAsync(CloudResourceNames.Tables.Tenants, cancellationToken).ConfigureAwait(false);
        await tables.EnsureTableAsync(CloudResourceNames.Tables.EdgeAgents, cancellationToken).ConfigureAwait(false);

        // Clients first: a client id taken by another tenant stops onboarding before the tenant is consumed.
        foreach (var (clientId, role) in clients)
        {
            await agents.RegisterClientAsync(tenant, clientId, role, cancellationToken).ConfigureAwait(false);
        }

        var existing = await registry.FindAsync(tenant, cancellationToken).ConfigureAwait(false);
        var record = existing is null
            ? new TenantRecord(tenant, displayName ?? tenant.Value, true, new TenantSettings(), clock.GetUtcNow())
            : existing with { DisplayName = displayName ?? existing.DisplayName, Enabled = true };
        await registry.RegisterAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }
}
