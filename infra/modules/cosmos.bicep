// Cosmos DB (NoSQL API) for the person store. Local (key) auth is disabled; the app uses its managed identity with the
// built-in data-plane role (see app-roles.bicep). Containers, partition keys and indexing follow the store
// (shared/Canbao.Store.Cosmos): one record per resident ID, a district view for statistics, an append-only change-event
// log per person.
@description('Account name (3-44 lowercase letters, digits, hyphens).')
@maxLength(44)
param accountName string
@description('Azure region.')
param location string
@description('Tags.')
param tags object
@description('"serverless" or "autoscale".')
@allowed([ 'serverless', 'autoscale' ])
param capacityMode string
@description('Autoscale maximum RU/s for the database (autoscale mode only).')
param maxThroughput int

var databaseName = 'canbao'
var serverless = capacityMode == 'serverless'

// Names and partition keys: shared/Canbao.Store.Cosmos/CosmosStoreOptions.cs. Indexing covers only what the store
// queries (fewer RU per write): persons are read by point reads and the change feed (nothing to index beyond the
// district code); the district view is queried "districtCode = @d [AND coverage = @c] ORDER BY c.id" inside one
// partition; events are read per person (the partition key). The change-feed consumers keep their continuation in a
// blob (pull model), so no leases container is needed.
var containers = [
  {
    name: 'persons'
    partitionKey: '/id'
    included: [ '/districtCode/?' ]
  }
  {
    name: 'persons_by_district'
    partitionKey: '/districtCode'
    included: [ '/coverage/?', '/id/?' ]
  }
  {
    name: 'person_events'
    partitionKey: '/personId'
    included: [ '/personId/?' ]
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [ { locationName: location, failoverPriority: 0, isZoneRedundant: false } ]
    capabilities: serverless ? [ { name: 'EnableServerless' } ] : []
    backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous7Days' } }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
    options: serverless ? {} : { autoscaleSettings: { maxThroughput: maxThroughput } }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for c in containers: {
  parent: database
  name: c.name
  properties: {
    resource: {
      id: c.name
      partitionKey: { paths: [ c.partitionKey ], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [for p in c.included: { path: p }]
        excludedPaths: [ { path: '/*' }, { path: '/"_etag"/?' } ]
      }
    }
  }
}]

@description('Account name.')
output accountName string = account.name
@description('Document endpoint (https://<account>.documents.azure.com:443/).')
output endpoint string = account.properties.documentEndpoint
@description('Database name.')
output databaseName string = database.name
@description('Container names.')
output containerNames array = [for (c, i) in containers: sqlContainers[i].name]
