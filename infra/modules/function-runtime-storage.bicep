// The function app's own runtime storage, kept apart from patient data.
// Elastic Premium mounts the app's content from an Azure Files share, and Azure Files accepts only a connection
// string with the account key there (no managed identity). So this account - and only this one - keeps shared-key
// access; its key is written straight into Key Vault and the app setting holds a Key Vault reference, never the key.
// Host storage (AzureWebJobsStorage: keys, timer locks) uses the managed identity on the same account.
metadata description = 'Runtime storage account for the function app: content share plus its connection string in Key Vault.'

import { Tags } from 'conventions.bicep'

@description('Storage account name (3-24 lower-case letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Name of the Azure Files share that holds the function app\'s content (WEBSITE_CONTENTSHARE).')
param contentShareName string

@description('Key Vault that stores the content share connection string.')
param keyVaultName string

@description('Name of the Key Vault secret holding the content share connection string.')
param secretName string

@description('Which account key the secret carries (0 = key1, 1 = key2); switch before regenerating the other key.')
@allowed([
  0
  1
])
param activeKeyIndex int

@description('Tags for every resource.')
param tags Tags

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Required by the Elastic Premium content share (Azure Files has no identity-based option for it).
    allowSharedKeyAccess: true
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2026-06-01' = {
  parent: account
  name: 'default'
}

// Created here because WEBSITE_SKIP_CONTENTSHARE_VALIDATION stops the platform from creating it (it cannot read a
// Key Vault reference at creation time).
resource contentShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2026-06-01' = {
  parent: fileService
  name: contentShareName
  properties: {
    shareQuota: 5
  }
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource contentConnection 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: secretName
  properties: {
    contentType: 'Azure Storage connection string (function app content share)'
    value: 'DefaultEndpointsProtocol=https;AccountName=${account.name};AccountKey=${account.listKeys().keys[activeKeyIndex].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

@description('Runtime storage account name (AzureWebJobsStorage__accountName).')
output name string = account.name

@description('Content share name (WEBSITE_CONTENTSHARE).')
output contentShareName string = contentShare.name

@description('Versionless Key Vault URI of the connection string: a reference to it, not its value.')
output contentConnectionUri string = contentConnection.properties.secretUri
