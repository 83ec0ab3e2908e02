// Log Analytics workspace and workspace-based Application Insights. Local (key) ingestion is disabled:
// the app sends telemetry with its managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD).
@description('Base name, e.g. canbao-xining-dev.')
param baseName string
@description('Application Insights name.')
param appInsightsName string
@description('Azure region.')
param location string
@description('Tags.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
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
    DisableLocalAuth: true
  }
}

@description('Application Insights name (for role assignment).')
output appInsightsName string = appInsights.name
@description('Connection string (not a secret: ingestion needs Entra auth since local auth is disabled).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString
