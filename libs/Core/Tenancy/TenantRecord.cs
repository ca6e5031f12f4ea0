namespace CloudRisPacs.Core.Tenancy;

/// <summary>A row of the tenant registry: the tenant, whether its channels are consumed, and its settings.</summary>
public sealed record TenantRecord(TenantId Tenant, string DisplayName, bool Enabled, TenantSettings Settings, DateTimeOffset RegisteredAt);
