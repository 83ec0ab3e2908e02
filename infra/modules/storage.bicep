// Storage account: one drops container per department, the deployment package container (Flex Consumption), the
// working containers (normalized batches, row reports, change-feed checkpoints, monthly reports, quarantine) and the
// Durable Functions task hub (queues/tables/leases, created by the runtime). Shared-key access is disabled.
@description('Storage account name (3-24 lowercase letters and digits).')
param accountName string
@description('Azure region.')
param location string
@description('Tags.')
param tags object
@description('Department slugs; each gets container drops-<slug>.')
param departments array

var deploymentContainerName = 'app-package'
// Working containers the app writes; names are the ones in functions/Canbao.Functions/Settings.cs.
var workContainers = [ deploymentContainerName, 'batches', 'reports', 'checkpoints', 'quarantine', 'imports' ]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 30 }
    containerDeleteRetentionPolicy: { enabled: true, days: 30 }
    isVersioningEnabled: true
  }
}

resource dropsContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for department in departments: {
  parent: blobService
  name: 'drops-${department}'
  properties: { publicAccess: 'None' }
}]

resource workingContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in workContainers: {
  parent: blobService
  name: name
  properties: { publicAccess: 'None' }
}]

@description('Storage account name.')
output accountName string = account.name
@description('Blob endpoint, ending in /.')
output blobEndpoint string = account.properties.primaryEndpoints.blob
@description('Container that holds the Flex Consumption deployment package.')
output deploymentContainerName string = deploymentContainerName
@description('Drops container names, in department order.')
output dropsContainers array = [for (department, i) in departments: dropsContainers[i].name]
