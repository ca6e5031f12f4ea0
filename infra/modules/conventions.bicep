// Shared, compile-time conventions: resource names, built-in role ids, parameter types. Imported by main.bicep and
// the modules so there is one place that decides what a resource is called and what a role grants.
metadata description = 'Names, role ids and types shared by every CloudRisPacs template (imported, never deployed).'

@export()
@description('Environments this template knows; the name is part of every resource name.')
type EnvironmentName = 'dev' | 'test' | 'prod'

@export()
@description('Tags applied to every resource.')
type Tags = {
  *: string
}

@export()
@description('App settings by name.')
type AppSettings = {
  *: string
}

@export()
@description('One clinic to onboard: its tenant id and the Entra service principal its edge agent signs in as.')
type TenantOnboarding = {
  @description('The clinic\'s tenant id: 3-24 lower-case letters, digits and single hyphens (CloudRisPacs.Core.Tenancy.TenantId).')
  @minLength(3)
  @maxLength(24)
  tenantId: string

  @description('Object id of the edge agent\'s service principal (Enterprise application), created outside Bicep.')
  @minLength(36)
  @maxLength(36)
  edgeAgentPrincipalId: string

  @description('Application (client) id of that service principal; the edge agent signs in with it and its certificate.')
  @minLength(36)
  @maxLength(36)
  edgeAgentClientId: string
}

@export()
@description('Names of one environment\'s platform resources.')
type PlatformNames = {
  logAnalytics: string
  appInsights: string
  keyVault: string
  dataStorage: string
  runtimeStorage: string
  serviceBus: string
  plan: string
  functionApp: string
  functionIdentity: string
  contentShare: string
  contentConnectionSecret: string
}

@export()
@description('Derives every platform resource name. The suffix makes globally unique names repeatable per resource group, so a redeployment finds the same resources.')
func platformNames(prefix string, environmentName EnvironmentName, resourceGroupId string) PlatformNames => {
  logAnalytics: 'log-${prefix}-${environmentName}'
  appInsights: 'appi-${prefix}-${environmentName}'
  // Key Vault: 3-24 characters.
  keyVault: 'kv-${prefix}-${environmentName}-${take(uniqueString(resourceGroupId), 10)}'
  // Storage: 3-24 lower-case letters and digits, globally unique.
  dataStorage: 'st${prefix}${environmentName}${uniqueString(resourceGroupId)}'
  runtimeStorage: 'st${prefix}${environmentName}fn${take(uniqueString(resourceGroupId), 11)}'
  serviceBus: 'sb-${prefix}-${environmentName}-${uniqueString(resourceGroupId)}'
  plan: 'plan-${prefix}-${environmentName}'
  functionApp: 'func-${prefix}-${environmentName}-${uniqueString(resourceGroupId)}'
  functionIdentity: 'id-${prefix}-${environmentName}-func'
  contentShare: 'func-${prefix}-${environmentName}-content'
  contentConnectionSecret: 'function-content-share-connection'
}

@export()
@description('The host name of a Service Bus endpoint such as https://ns.servicebus.windows.net:443/ (the SDK\'s fully qualified namespace).')
func serviceBusHost(endpoint string) string => split(split(split(endpoint, '//')[1], '/')[0], ':')[0]

@export()
@description('The HTTP route prefix of the function app; host.json (extensions.http.routePrefix) must say the same.')
var apiRoutePrefix = 'api'

@export()
@description('Route of the anonymous liveness function (functions/App/Http/PingFunction.cs), used as the health check.')
var pingRoute = 'ping'

@export()
@description('Built-in Azure role definition ids (the same in every Azure cloud).')
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}
