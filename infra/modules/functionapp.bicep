// The Function App on Flex Consumption (FC1), .NET 10 isolated worker, system-assigned identity. Every connection
// setting is identity-based (<Name>__accountName / __accountEndpoint / __fullyQualifiedNamespace): no keys or
// connection strings. The setting names are the ones functions/Canbao.Functions/Settings.cs reads and
// local.settings.sample.json lists.
@description('Function app name.')
param appName string
@description('Azure region.')
param location string
@description('Tags.')
param tags object
@description('Storage account for drops, working containers, task hub and the deployment package.')
param storageAccountName string
@description('Container holding the deployment package.')
param deploymentContainerName string
@description('Application Insights connection string.')
param appInsightsConnectionString string
@description('Cosmos DB document endpoint.')
param cosmosEndpoint string
@description('Cosmos DB database name.')
param cosmosDatabaseName string
@description('Service Bus fully qualified namespace.')
param serviceBusNamespaceHost string
@description('Durable Functions task hub name.')
param taskHubName string
@description('Flex Consumption maximum instance count.')
param maximumInstanceCount int
@description('Flex Consumption instance memory (MB).')
param instanceMemoryMB int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${appName}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Host storage (task hub, timers' locks, blob-trigger receipts) over the managed identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        // Drops and working containers: same account, own connection name so it can move.
        { name: 'Drops__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'Drops__credential', value: 'managedidentity' }
        { name: 'TaskHubName', value: taskHubName }
        { name: 'Cosmos__accountEndpoint', value: cosmosEndpoint }
        { name: 'Cosmos__databaseName', value: cosmosDatabaseName }
        { name: 'ServiceBus__fullyQualifiedNamespace', value: serviceBusNamespaceHost }
        { name: 'Canbao__DropMaxAttempts', value: '3' }
        { name: 'Canbao__DropSettleSeconds', value: '5' }
        { name: 'Canbao__DropRetrySeconds', value: '10' }
        { name: 'Canbao__HistoryRetentionDays', value: '90' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
  }
}

@description('App name.')
output appName string = site.name
@description('Default host name.')
output defaultHostName string = site.properties.defaultHostName
@description('System-assigned identity principal id.')
output principalId string = site.identity.principalId
