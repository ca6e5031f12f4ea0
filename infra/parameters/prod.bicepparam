// Production: two always-ready EP1 instances (the hosted Service Bus consumer survives one instance's restart),
// zone-redundant data storage, 90 days of logs. Clinics are onboarded by adding them to `tenants` (reviewed change).
using '../main.bicep'

param environmentName = 'prod'
param apiAppClientId = readEnvironmentVariable('CLOUDRISPACS_API_APP_CLIENT_ID')

param functionPlanSku = 'EP1'
param alwaysReadyInstances = 2
param maximumInstances = 10

param dataStorageSku = 'Standard_ZRS'
param serviceBusSku = 'Standard'
param logRetentionDays = 90
param logDailyQuotaGb = 50
param softDeleteRetentionDays = 30

// One entry per clinic: { tenantId: '...', edgeAgentPrincipalId: '<object id>', edgeAgentClientId: '<client id>' }
param tenants = []

param tags = {
  costCenter: 'cloudrispacs-prod'
}
