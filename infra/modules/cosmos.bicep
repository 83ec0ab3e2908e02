// Cosmos DB (NoSQL API) for the person store. Local (key) auth is disabled; the app uses its managed identity with the
// built-in data-plane role (see app-roles.bicep). Containers, partition keys and indexing follow the store
// (shared/Canbao.Store.Cosmos): one record per resident ID, a district view, an append-only change-event log per person,
// and the change-feed consumer's derived data (district statistics, survey work list, department lists, markers).
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

// Names and partition keys: shared/Canbao.Store.Cosmos/CosmosStoreOptions.cs (the store writes snake_case envelopes,
// so the keys are /district_code and /person_id). Indexing covers only what the store queries (fewer RU per write):
// persons are read by point reads, ReadMany and the change feed (nothing to index); the district view is queried
// "district_code = @d [AND coverage = @c]" inside one partition; events are read per person (the partition key). The
// change-feed consumer's derived data (CosmosDerivedDataStore): district statistics and the survey work list by
// /district_code, department lists by /department, all read as "every document of one partition"; the markers
// (derived_applied, by /person_id) are only point-read and point-written, so nothing there is indexed. The change-feed
// consumer keeps its continuation in a blob (pull model), so no leases container is needed.
var containers = [
  {
    name: 'persons'
    partitionKey: '/id'
    included: []
  }
  {
    name: 'persons_by_district'
    partitionKey: '/district_code'
    included: [ '/district_code/?', '/coverage/?' ]
  }
  {
    name: 'person_events'
    partitionKey: '/person_id'
    included: [ '/person_id/?' ]
  }
  {
    name: 'district_statistics'
    partitionKey: '/district_code'
    included: [ '/district_code/?' ]
  }
  {
    name: 'survey_work_list'
    partitionKey: '/district_code'
    included: [ '/district_code/?' ]
  }
  {
    name: 'department_lists'
    partitionKey: '/department'
    included: [ '/department/?' ]
  }
  {
    name: 'derived_applied'
    partitionKey: '/person_id'
    included: []
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
