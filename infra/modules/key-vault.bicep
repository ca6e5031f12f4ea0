// Key Vault in RBAC mode. It holds the one secret Azure Functions on Elastic Premium cannot do without (the content
// share connection string, see function-runtime-storage.bicep), so no key ever appears in app settings.
metadata description = 'Key Vault (RBAC authorization, soft delete, purge protection) with audit logs to Log Analytics.'

import { Tags } from 'conventions.bicep'

@description('Key Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Log Analytics workspace that receives the vault\'s audit events.')
param workspaceId string

@description('Tags for every resource.')
param tags Tags

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access is Azure RBAC only (no access policies), so it is granted and audited like every other role here.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Irreversible by design: a deleted vault or secret cannot be purged before its retention ends.
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// The only non-preview diagnosticSettings API version (2016-09-01) is the subscription-level schema, which cannot be
// scoped to a resource; resource-scoped settings with category groups exist only in this version.
#disable-next-line use-recent-api-versions
resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

@description('Key Vault name.')
output name string = vault.name
