// Log Analytics and a workspace-based Application Insights component that accepts only Entra ID (managed identity)
// authenticated telemetry: the instrumentation key in the connection string is an address, not a credential.
metadata description = 'Log Analytics workspace and Application Insights (local authentication disabled).'

import { Tags } from 'conventions.bicep'

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Azure region.')
param location string

@description('Days Log Analytics keeps data (the first 31 are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap in GB; a runaway log loop cannot run up the bill. -1 means no cap.')
param dailyQuotaGb int

@description('Tags for every resource.')
param tags Tags

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      // Only Azure Monitor pipelines (diagnostic settings, Application Insights) write here; no shared-key ingestion.
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Telemetry must carry an Entra ID token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING on the function app).
    DisableLocalAuth: true
  }
}

@description('Resource id of the Log Analytics workspace (diagnostic settings send logs here).')
output workspaceId string = workspace.id

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name
