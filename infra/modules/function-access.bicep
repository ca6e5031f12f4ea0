// Roles the function app's identity needs on platform resources (tenant-scoped roles are in tenant-onboarding.bicep).
metadata description = 'Least-privilege role assignments of the function app identity on shared platform resources.'

import { roleIds } from 'conventions.bicep'

@description('Name of the function app\'s user-assigned identity.')
param functionIdentityName string

@description('Data storage account: the pipeline tables live here.')
param dataStorageName string

@description('Runtime storage account: AzureWebJobsStorage (host keys, timer and singleton locks).')
param runtimeStorageName string

@description('Key Vault holding the content share connection string.')
param keyVaultName string

@description('Name of that secret; the identity may read this secret only, not the whole vault.')
param contentConnectionSecretName string

@description('Application Insights component the host and worker publish telemetry to.')
param appInsightsName string

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: functionIdentityName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: dataStorageName
}

resource runtimeStorage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: runtimeStorageName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource contentConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' existing = {
  parent: vault
  name: contentConnectionSecretName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Every table is partitioned by tenant and written only by the pipeline, so table access is account-wide.
resource tables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage.id, functionIdentity.id, roleIds.storageTableDataContributor)
  scope: dataStorage
  properties: {
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageTableDataContributor
    )
    description: 'CloudRisPacs functions: read and write the pipeline tables.'
  }
}

// The Functions host needs blob owner rights on its own storage (identity-based AzureWebJobsStorage).
resource hostStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(runtimeStorage.id, functionIdentity.id, roleIds.storageBlobDataOwner)
  scope: runtimeStorage
  properties: {
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    description: 'CloudRisPacs functions: host storage (AzureWebJobsStorage) on the runtime account.'
  }
}

resource contentConnectionReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentConnectionSecret.id, functionIdentity.id, roleIds.keyVaultSecretsUser)
  scope: contentConnectionSecret
  properties: {
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    description: 'CloudRisPacs functions: resolve the content share Key Vault reference.'
  }
}

resource telemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionIdentity.id, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: functionIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.monitoringMetricsPublisher
    )
    description: 'CloudRisPacs functions: send telemetry to Application Insights with Entra ID (local auth is off).'
  }
}
