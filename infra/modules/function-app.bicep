// The cloud pipeline's Azure Functions app (.NET isolated worker, Linux) on Elastic Premium.
// Why Elastic Premium: the Service Bus consumer is a hosted service inside the worker (the Functions Service Bus
// trigger extension is not available to us). The scale controller only sees triggers, so on Consumption or Flex
// Consumption nothing would keep an instance alive to run that consumer. Elastic Premium keeps at least
// `alwaysReadyInstances` instances running, and still scales out for HTTP load.
metadata description = 'Elastic Premium plan and the function app (identity-based connections, Entra ID auth, no keys in settings).'

import { AppSettings, Tags, apiRoutePrefix, pingRoute } from 'conventions.bicep'

@description('Plan name.')
param planName string

@description('Function app name (globally unique host name).')
param name string

@description('Azure region.')
param location string

@description('Elastic Premium size: EP1 (1 vCPU, 3.5 GB), EP2, EP3.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param skuName string

@description('Instances that always run (at least 1: the hosted Service Bus consumer lives there).')
@minValue(1)
@maxValue(20)
param alwaysReadyInstances int

@description('Upper bound of instances the plan may scale out to (HTTP load).')
@minValue(1)
@maxValue(100)
param maximumInstances int

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (identity-based connections pick it by client id).')
param identityClientId string

@description('Runtime storage account name (AzureWebJobsStorage, identity-based).')
param runtimeStorageName string

@description('Content share name on the runtime account.')
param contentShareName string

@description('Versionless Key Vault URI of the content share connection string.')
param contentConnectionUri string

@description('Application Insights component name.')
param appInsightsName string

@description('Pipeline settings (CloudResourceNames.AppSettings and friends), merged into the app settings.')
param pipelineSettings AppSettings

@description('Application (client) id of the Entra app registration that represents the HTTP API.')
param apiAppClientId string

@description('Audience (application ID URI) edge agents request tokens for.')
param apiAudience string

@description('Tags for every resource.')
param tags Tags

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: skuName
    tier: 'ElasticPremium'
    // The plan's minimum instance count; the site's minimumElasticInstanceCount keeps them warm for this app.
    capacity: alwaysReadyInstances
  }
  properties: {
    reserved: true // Linux
    elasticScaleEnabled: true
    maximumElasticWorkerCount: maximumInstances
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The platform and host settings. Bicep owns the complete set: anything set by hand is replaced on redeployment.
var platformSettings = [
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
  // Host storage through the managed identity (no AzureWebJobsStorage connection string).
  { name: 'AzureWebJobsStorage__accountName', value: runtimeStorageName }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  // Elastic Premium content share: the key stays in Key Vault, the setting is a reference resolved by the platform
  // with keyVaultReferenceIdentity. Validation is skipped because it cannot resolve references at creation time.
  { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: '@Microsoft.KeyVault(SecretUri=${contentConnectionUri})' }
  { name: 'WEBSITE_CONTENTSHARE', value: contentShareName }
  { name: 'WEBSITE_SKIP_CONTENTSHARE_VALIDATION', value: '1' }
  // Zip deployments run from the package; kept here so an infrastructure redeployment does not drop it.
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
]

var pipelineSettingList = [
  for setting in items(pipelineSettings): {
    name: setting.key
    value: setting.value
  }
]

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minimumElasticInstanceCount: alwaysReadyInstances
      functionAppScaleLimit: maximumInstances
      healthCheckPath: '/${apiRoutePrefix}/${pingRoute}'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      use32BitWorkerProcess: false
      appSettings: concat(platformSettings, pipelineSettingList)
    }
  }
}

// Deployments authenticate with Entra ID (az functionapp deployment ...), never with publishing passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Every HTTP call needs an Entra ID bearer token for the API's audience, except the liveness probe. Which clinic a
// caller belongs to is decided by the function code from the token's client id (never from the payload).
resource authentication 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/${apiRoutePrefix}/${pingRoute}'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiAppClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            apiAudience
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

@description('Function app name.')
output name string = site.name

@description('Base URI of the HTTP API, for example https://func-crp-prod-xyz.azurewebsites.net/api.')
output apiBaseUri string = 'https://${site.properties.defaultHostName}/${apiRoutePrefix}'
