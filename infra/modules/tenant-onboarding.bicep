// Onboards one clinic (tenant): its two queues, its two blob containers, and role assignments that let its edge
// agent reach exactly those four resources and nothing else. The tenant is thereby fixed by the channel: an edge agent
// can only send to its own ingress queue and write its own containers (ARCHITECTURE.md, principle 2).
//
// The edge agent's identity is an Entra ID service principal with a certificate credential whose private key is
// generated on the clinic's machine and never leaves it (see infra/README.md). An on-premises machine cannot use an
// Azure managed identity, and Bicep cannot create app registrations without the Microsoft Graph extension (a registry
// download), so the principal is created beforehand and passed in by object id and client id.
//
// The outputs are exactly the edge agent's cloud settings (CloudRisPacs.Core.Tenancy.EdgeAgentSettingNames
// .OnboardingOutputs), named as environment variables, so they can be copied into the clinic's configuration.
metadata description = 'Tenant onboarding: queues, containers and tenant-scoped roles for one clinic; outputs the edge agent settings.'

import { apiRoutePrefix, roleIds, serviceBusHost } from 'conventions.bicep'

@description('The clinic\'s tenant id (CloudRisPacs.Core.Tenancy.TenantId: 3-24 lower-case letters, digits, single hyphens).')
@minLength(3)
@maxLength(24)
param tenantId string

@description('Object id of the edge agent\'s service principal.')
@minLength(36)
@maxLength(36)
param edgeAgentPrincipalId string

@description('Application (client) id of the edge agent\'s service principal.')
@minLength(36)
@maxLength(36)
param edgeAgentClientId string

@description('Service Bus namespace of the environment.')
param serviceBusName string

@description('Data storage account of the environment.')
param dataStorageName string

@description('Function app of the environment (its host name is the API base URI).')
param functionAppName string

@description('Name of the function app\'s user-assigned identity.')
param functionIdentityName string

@description('Audience (application ID URI) of the HTTP API.')
param apiAudience string

@description('How long the ingress queue remembers message ids to drop duplicates (ISO 8601 duration).')
param duplicateDetectionWindow string

@description('How long a message waits for its consumer before it is dead-lettered (ISO 8601 duration). Long enough to outlast a clinic\'s outage.')
param messageTimeToLive string

@description('Deliveries before a message that keeps failing is dead-lettered (and raised as an exception by the watchdog).')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int

// The names follow CloudRisPacs.Core.Tenancy.CloudResourceNames; a contract test keeps them equal.
var ingressQueueName = 'ingress-${tenantId}'
var edgeQueueName = 'edge-${tenantId}'
var dicomContainerName = 'dicom-${tenantId}'
var claimCheckContainerName = 'claims-${tenantId}'

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: dataStorageName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' existing = {
  parent: dataStorage
  name: 'default'
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource functionIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: functionIdentityName
}

// Shared by both queues: dead-letter what expires or keeps failing (the watchdog raises it as an exception), and
// drop a resent message whose id was already seen. Idempotent handlers cover anything older than the window.
var queueDefaults = {
  requiresDuplicateDetection: true
  duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
  deadLetteringOnMessageExpiration: true
  maxDeliveryCount: maxDeliveryCount
  defaultMessageTimeToLive: messageTimeToLive
  lockDuration: 'PT1M'
  maxSizeInMegabytes: 5120
  enablePartitioning: false
  enableBatchedOperations: true
}

// Index 0: edge -> cloud, with sessions (SessionId = patient) to keep each patient's messages in order.
// Index 1: cloud -> edge, one consumer (the clinic's agent) that stores each message durably before completing it,
// so no sessions.
var queueDefinitions = [
  {
    name: ingressQueueName
    requiresSession: true
  }
  {
    name: edgeQueueName
    requiresSession: false
  }
]

resource queues 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [
  for queue in queueDefinitions: {
    parent: namespace
    name: queue.name
    properties: union(queueDefaults, {
      requiresSession: queue.requiresSession
    })
  }
]

// Index 0: DICOM instances; index 1: claim-check bodies.
resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = [
  for name in [dicomContainerName, claimCheckContainerName]: {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

// Who may do what on which queue. The edge agent gets its own two queues and nothing at namespace scope.
// The function app consumes ingress (and its dead-letter queue), sends to the edge queue, and receives on the edge
// queue only to read its dead-letter sub-queue: messages that expired because the clinic stayed offline.
var queueGrants = [
  { queue: 0, edgeAgent: true, role: roleIds.serviceBusDataSender, purpose: 'edge agent sends to its ingress queue' }
  { queue: 1, edgeAgent: true, role: roleIds.serviceBusDataReceiver, purpose: 'edge agent receives its edge queue' }
  { queue: 0, edgeAgent: false, role: roleIds.serviceBusDataReceiver, purpose: 'functions consume the ingress queue' }
  { queue: 1, edgeAgent: false, role: roleIds.serviceBusDataSender, purpose: 'functions send to the edge queue' }
  { queue: 1, edgeAgent: false, role: roleIds.serviceBusDataReceiver, purpose: 'functions read edge dead letters' }
]

// The edge agent uploads images and claim checks; the function app reads image headers (never changes an image) and
// reads and writes claim checks (large HL7 both ways, deleting processed ones).
var containerGrants = [
  { container: 0, edgeAgent: true, role: roleIds.storageBlobDataContributor, purpose: 'edge agent uploads DICOM' }
  { container: 1, edgeAgent: true, role: roleIds.storageBlobDataContributor, purpose: 'edge agent writes claim checks' }
  { container: 0, edgeAgent: false, role: roleIds.storageBlobDataReader, purpose: 'functions read DICOM headers' }
  { container: 1, edgeAgent: false, role: roleIds.storageBlobDataContributor, purpose: 'functions use claim checks' }
]

resource queueRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in queueGrants: {
    name: guid(queues[grant.queue].id, grant.edgeAgent ? edgeAgentPrincipalId : functionIdentity.id, grant.role)
    scope: queues[grant.queue]
    properties: {
      principalId: grant.edgeAgent ? edgeAgentPrincipalId : functionIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.role)
      description: 'CloudRisPacs ${tenantId}: ${grant.purpose}.'
    }
  }
]

resource containerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in containerGrants: {
    name: guid(containers[grant.container].id, grant.edgeAgent ? edgeAgentPrincipalId : functionIdentity.id, grant.role)
    scope: containers[grant.container]
    properties: {
      principalId: grant.edgeAgent ? edgeAgentPrincipalId : functionIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.role)
      description: 'CloudRisPacs ${tenantId}: ${grant.purpose}.'
    }
  }
]

// ---- Outputs: exactly EdgeAgentSettingNames.OnboardingOutputs. None of them is a secret. ----

@description('EdgeAgent__TenantId')
output EdgeAgent__TenantId string = tenantId

@description('EdgeAgent__Cloud__Mode: the agent talks to Azure Service Bus (not the local Azurite queue mode).')
output EdgeAgent__Cloud__Mode string = 'ServiceBus'

@description('EdgeAgent__Cloud__ServiceBusNamespace: fully qualified namespace host name.')
output EdgeAgent__Cloud__ServiceBusNamespace string = serviceBusHost(namespace.properties.serviceBusEndpoint)

@description('EdgeAgent__Cloud__BlobServiceUri')
output EdgeAgent__Cloud__BlobServiceUri string = dataStorage.properties.primaryEndpoints.blob

@description('EdgeAgent__Cloud__IngressQueue')
output EdgeAgent__Cloud__IngressQueue string = queues[0].name

@description('EdgeAgent__Cloud__EdgeQueue')
output EdgeAgent__Cloud__EdgeQueue string = queues[1].name

@description('EdgeAgent__Cloud__DicomContainer')
output EdgeAgent__Cloud__DicomContainer string = containers[0].name

@description('EdgeAgent__Cloud__ClaimCheckContainer')
output EdgeAgent__Cloud__ClaimCheckContainer string = containers[1].name

@description('EdgeAgent__Cloud__ApiBaseUri')
output EdgeAgent__Cloud__ApiBaseUri string = 'https://${functionApp.properties.defaultHostName}/${apiRoutePrefix}'

@description('EdgeAgent__Cloud__ApiAudience: the agent requests tokens for {audience}/.default.')
output EdgeAgent__Cloud__ApiAudience string = apiAudience

@description('EdgeAgent__Cloud__Credential__EntraTenantId: the Entra directory the agent signs in to.')
output EdgeAgent__Cloud__Credential__EntraTenantId string = tenant().tenantId

@description('EdgeAgent__Cloud__Credential__ClientId: the agent\'s service principal (certificate credential on the machine).')
output EdgeAgent__Cloud__Credential__ClientId string = edgeAgentClientId
