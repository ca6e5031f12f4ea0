// The Service Bus namespace. Queues are per tenant and created by tenant-onboarding.bicep.
// Standard is the smallest tier with sessions (per-patient order on the ingress queue) and duplicate detection;
// Premium adds isolation, private endpoints and 100 MB messages at a much higher fixed price (see infra/README.md).
metadata description = 'Service Bus namespace (Entra ID only: local SAS authentication disabled).'

import { Tags, serviceBusHost } from 'conventions.bicep'

@description('Namespace name (6-50 characters, globally unique).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Standard or Premium (both support sessions, duplicate detection and Entra ID only access).')
@allowed([
  'Standard'
  'Premium'
])
param skuName string

@description('Messaging units when the tier is Premium (ignored for Standard).')
@allowed([
  1
  2
  4
  8
  16
])
param premiumMessagingUnits int

@description('Log Analytics workspace that receives the namespace\'s operational logs.')
param workspaceId string

@description('Tags for every resource.')
param tags Tags

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: skuName == 'Premium'
    ? {
        name: 'Premium'
        tier: 'Premium'
        capacity: premiumMessagingUnits
      }
    : {
        name: 'Standard'
        tier: 'Standard'
      }
  properties: {
    // No SAS keys: every sender and receiver is an Entra ID identity with a queue-scoped role.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

// See key-vault.bicep: resource-scoped diagnostic settings exist only in this preview API version.
#disable-next-line use-recent-api-versions
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

@description('Namespace name.')
output name string = namespace.name

@description('Fully qualified namespace host name (what the Service Bus SDK connects to).')
output fullyQualifiedNamespace string = serviceBusHost(namespace.properties.serviceBusEndpoint)
