// Development: one always-ready EP1 instance, locally redundant storage, short retention, a log cap.
// The API app registration's client id comes from the environment (not a secret, but it differs per directory).
using '../main.bicep'

param environmentName = 'dev'
param apiAppClientId = readEnvironmentVariable('CLOUDRISPACS_API_APP_CLIENT_ID')

param functionPlanSku = 'EP1'
param alwaysReadyInstances = 1
param maximumInstances = 3

param dataStorageSku = 'Standard_LRS'
param serviceBusSku = 'Standard'
param logRetentionDays = 30
param logDailyQuotaGb = 5
param softDeleteRetentionDays = 7

// Clinics of this environment, for example:
// { tenantId: 'clinic-test', edgeAgentPrincipalId: '<object id>', edgeAgentClientId: '<client id>' }
param tenants = []

param tags = {
  costCenter: 'cloudrispacs-dev'
}
