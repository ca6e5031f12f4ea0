// CloudRisPacs cloud platform for one environment (one resource group), plus the clinics listed in `tenants`.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/parameters/<env>.bicepparam
// Everything is plain resources in local modules (no registry modules), so it builds and lints offline.
metadata description = 'CloudRisPacs: function app on Elastic Premium, data storage, Service Bus, Key Vault, monitoring, tenants.'

import { EnvironmentName, TenantOnboarding, Tags, platformNames } from 'modules/conventions.bicep'

@description('Environment name; part of every resource name.')
param environmentName EnvironmentName

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short lower-case prefix of every resource name (letters and digits).')
@minLength(2)
@maxLength(5)
param namePrefix string = 'crp'

@description('Application (client) id of the Entra app registration representing the HTTP API (created once per environment, see README).')
@minLength(36)
@maxLength(36)
param apiAppClientId string

@description('Audience (application ID URI) edge agents request API tokens for.')
param apiAudience string = 'api://${apiAppClientId}'

@description('Elastic Premium size.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param functionPlanSku string = 'EP1'

@description('Function instances that always run: they host the Service Bus consumer. Use 2 or more in production.')
@minValue(1)
@maxValue(20)
param alwaysReadyInstances int = 1

@description('Most function instances the plan may scale out to under HTTP load.')
@minValue(1)
@maxValue(100)
param maximumInstances int = 10

@description('Redundancy of the data storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param dataStorageSku string = 'Standard_LRS'

@description('Service Bus tier (Standard is the smallest with sessions and duplicate detection).')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Messaging units when serviceBusSku is Premium.')
@allowed([
  1
  2
  4
  8
  16
])
param serviceBusPremiumMessagingUnits int = 1

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Daily Log Analytics ingestion cap in GB (-1: none).')
param logDailyQuotaGb int = -1

@description('Which runtime storage key the content share secret carries (0 or 1); see README, key rotation.')
@allowed([
  0
  1
])
param runtimeStorageActiveKeyIndex int = 0

@description('Duplicate detection window of the tenant queues (ISO 8601).')
param duplicateDetectionWindow string = 'PT1H'

@description('Message time-to-live of the tenant queues (ISO 8601): how long a clinic may be offline before messages dead-letter.')
param messageTimeToLive string = 'P14D'

@description('Deliveries before a failing message is dead-lettered.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int = 10

@description('Days deleted blobs and containers stay restorable.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 14

@description('Days after which DICOM instances move to the Cool tier.')
@minValue(1)
param dicomCoolAfterDays int = 30

@description('Days after which claim-check blobs are deleted (longer than messageTimeToLive).')
@minValue(1)
param claimCheckDeleteAfterDays int = 30

@description('The clinics of this environment: their queues, containers and roles. A new one also needs its Tenants row (cloudrispacs-admin onboard); see README.')
param tenants TenantOnboarding[] = []

@description('Extra tags for every resource.')
param tags Tags = {}

var names = platformNames(toLower(namePrefix), environmentName, resourceGroup().id)
var allTags = union(tags, {
  application: 'CloudRisPacs'
  environment: environmentName
})

// CloudRisPacs.Core.Tenancy.CloudResourceNames.Tables.All; a contract test keeps the two lists equal.
var tableNames = [
  'Tenants'
  'Patients'
  'Studies'
  'Instances'
  'Exceptions'
  'MessageTrace'
  'ProcessedMessages'
  'Corrections'
  'Audit'
  'EdgeAgents'
  'Outbound'
]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    retentionInDays: logRetentionDays
    dailyQuotaGb: logDailyQuotaGb
    tags: allTags
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module dataStorage 'modules/data-storage.bicep' = {
  name: 'data-storage'
  params: {
    name: names.dataStorage
    location: location
    skuName: dataStorageSku
    tableNames: tableNames
    softDeleteRetentionDays: softDeleteRetentionDays
    dicomCoolAfterDays: dicomCoolAfterDays
    claimCheckDeleteAfterDays: claimCheckDeleteAfterDays
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    name: names.serviceBus
    location: location
    skuName: serviceBusSku
    premiumMessagingUnits: serviceBusPremiumMessagingUnits
    workspaceId: monitoring.outputs.workspaceId
    tags: allTags
  }
}

// A user-assigned identity exists before the app, so its roles are in place when the app first starts and its
// client id can be named in the identity-based settings.
resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.functionIdentity
  location: location
  tags: allTags
}

module runtimeStorage 'modules/function-runtime-storage.bicep' = {
  name: 'function-runtime-storage'
  params: {
    name: names.runtimeStorage
    location: location
    contentShareName: names.contentShare
    keyVaultName: names.keyVault
    secretName: names.contentConnectionSecret
    activeKeyIndex: runtimeStorageActiveKeyIndex
    tags: allTags
  }
  dependsOn: [
    keyVault
  ]
}

module functionAccess 'modules/function-access.bicep' = {
  name: 'function-access'
  params: {
    functionIdentityName: functionIdentity.name
    dataStorageName: names.dataStorage
    runtimeStorageName: names.runtimeStorage
    keyVaultName: names.keyVault
    contentConnectionSecretName: names.contentConnectionSecret
    appInsightsName: names.appInsights
  }
  // Names are passed as deployment-time values (so what-if can predict the role assignments); these are the
  // resources they name, and the secret must exist before a role can be scoped to it.
  dependsOn: [
    dataStorage
    monitoring
    runtimeStorage
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    planName: names.plan
    name: names.functionApp
    location: location
    skuName: functionPlanSku
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstances: maximumInstances
    identityId: functionIdentity.id
    identityClientId: functionIdentity.properties.clientId
    runtimeStorageName: runtimeStorage.outputs.name
    contentShareName: runtimeStorage.outputs.contentShareName
    contentConnectionUri: runtimeStorage.outputs.contentConnectionUri
    appInsightsName: names.appInsights
    // CloudRisPacs.Core.Tenancy.CloudResourceNames.AppSettings; a contract test keeps the names equal.
    pipelineSettings: {
      CloudRisPacs__Storage__TableServiceUri: dataStorage.outputs.tableEndpoint
      CloudRisPacs__Storage__BlobServiceUri: dataStorage.outputs.blobEndpoint
      CloudRisPacs__ServiceBus__FullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      CloudRisPacs__ManagedIdentityClientId: functionIdentity.properties.clientId
      // Entra ID issues v2 tokens for the client id and v1 tokens for api://{client id}; the app accepts both.
      CloudRisPacs__Api__ClientId: apiAppClientId
      CloudRisPacs__Api__Audience: apiAudience
      CloudRisPacs__Api__Authority: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
    }
    apiAppClientId: apiAppClientId
    apiAudience: apiAudience
    tags: allTags
  }
  // Roles first: the host reads its storage and the Key Vault reference as soon as it starts.
  dependsOn: [
    functionAccess
  ]
}

// One deployment per clinic, named onboard-<tenant id>; its outputs are the clinic's edge agent settings.
module onboarding 'modules/tenant-onboarding.bicep' = [
  for tenant in tenants: {
    name: 'onboard-${tenant.tenantId}'
    params: {
      tenantId: tenant.tenantId
      edgeAgentPrincipalId: tenant.edgeAgentPrincipalId
      edgeAgentClientId: tenant.edgeAgentClientId
      serviceBusName: names.serviceBus
      dataStorageName: names.dataStorage
      functionAppName: names.functionApp
      functionIdentityName: functionIdentity.name
      apiAudience: apiAudience
      duplicateDetectionWindow: duplicateDetectionWindow
      messageTimeToLive: messageTimeToLive
      maxDeliveryCount: maxDeliveryCount
    }
    dependsOn: [
      dataStorage
      serviceBus
      functionApp
    ]
  }
]

@description('Function app name (deploy the code with az functionapp deployment source config-zip).')
output functionAppName string = functionApp.outputs.name

@description('Base URI of the HTTP API.')
output apiBaseUri string = functionApp.outputs.apiBaseUri

@description('Data storage account name.')
output dataStorageName string = dataStorage.outputs.name

@description('Service Bus namespace name.')
output serviceBusName string = serviceBus.outputs.name

@description('Key Vault name.')
output keyVaultName string = keyVault.outputs.name

@description('Names of the per-clinic deployments; az deployment group show -n <name> gives a clinic\'s edge agent settings.')
output onboardingDeployments string[] = [for (tenant, i) in tenants: onboarding[i].name]
