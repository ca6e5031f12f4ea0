// The data storage account: the pipeline's tables and every tenant's DICOM and claim-check containers (created by
// tenant-onboarding.bicep). Entra ID only: shared keys, SAS and anonymous access are all off.
metadata description = 'Data storage account (no shared keys, TLS 1.2, HTTPS only, no public blobs) with the pipeline tables.'

import { Tags } from 'conventions.bicep'

@description('Storage account name (3-24 lower-case letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Redundancy: LRS for development; ZRS or GZRS for production images and records.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Table names (CloudRisPacs.Core.Tenancy.CloudResourceNames.Tables.All).')
param tableNames string[]

@description('Days a deleted blob or container can still be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('Days after its last change that a DICOM instance moves to the Cool tier (images are rarely read after reporting).')
@minValue(1)
param dicomCoolAfterDays int

@description('Days after which claim-check blobs (transport overflow, processed within minutes) are deleted.')
@minValue(1)
param claimCheckDeleteAfterDays int

@description('Log Analytics workspace that receives the audit logs and transaction metrics of the blob and table services.')
param workspaceId string

@description('Tags for every resource.')
param tags Tags

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    // Entra ID only: no account keys, no SAS, no anonymous reads.
    allowSharedKeyAccess: false
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
    encryption: {
      keySource: 'Microsoft.Storage'
      // A second, independent encryption layer for patient data; can only be chosen when the account is created.
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

// Every read, write and delete of images and records (the audit category group: StorageRead, StorageWrite,
// StorageDelete, with the caller's Entra ID identity), so access to patient data can be traced. See key-vault.bicep
// for the API version: resource-scoped settings with category groups exist only in this preview.
#disable-next-line use-recent-api-versions
resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

// Lifecycle rules match container-name prefixes, so they cover every tenant's containers without per-tenant rules.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'dicom-to-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'dicom-'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: dicomCoolAfterDays
                }
              }
            }
          }
        }
        {
          name: 'claim-checks-expire'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'claims-'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: claimCheckDeleteAfterDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

@description('Storage account name.')
output name string = account.name

@description('Blob service endpoint, for example https://account.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Table service endpoint, for example https://account.table.core.windows.net/.')
output tableEndpoint string = account.properties.primaryEndpoints.table
