// Canbao on Azure: Functions (Flex Consumption, isolated worker, Durable Functions), Storage (drops per department,
// deployment package, task hub, checkpoints), Cosmos DB (NoSQL) person store, Service Bus (survey dispatch,
// department notifications), Application Insights on Log Analytics. No keys: every connection is identity-based.
// Deploy: see ../README.md, section "Azure deployment".
targetScope = 'resourceGroup'

@description('City code (GB/T 2260, 4 or 6 digits) or short ASCII name used in resource names, e.g. "xining".')
@minLength(2)
@maxLength(10)
param city string

@description('Environment name used in resource names.')
@allowed([ 'dev', 'test', 'prod' ])
param environment string = 'dev'

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Cosmos DB capacity: "serverless" (pay per request; one region, 1 TB per container) or "autoscale" (provisioned RU/s that scale between 10 % and 100 % of cosmosMaxThroughput).')
@allowed([ 'serverless', 'autoscale' ])
param cosmosCapacityMode string = 'serverless'

@description('Autoscale maximum RU/s shared by the database (used only when cosmosCapacityMode is "autoscale").')
@minValue(1000)
param cosmosMaxThroughput int = 4000

@description('Flex Consumption: the most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Flex Consumption: memory per instance in MB.')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048

@description('Districts (county-level region codes, GB/T 2260) that receive survey dispatch; one Service Bus subscription each, filtered on districtCode.')
param districts array = [
  { code: '630102', name: '城东区' }
  { code: '630103', name: '城中区' }
  { code: '630104', name: '城西区' }
  { code: '630105', name: '城北区' }
  { code: '630106', name: '湟中区' }
  { code: '630121', name: '大通回族土族自治县' }
  { code: '630123', name: '湟源县' }
]

@description('Entra object id of each department\'s uploading principal (user, group or service principal), keyed by department slug (see departments). A department not listed gets no write access. Each is granted Storage Blob Data Contributor on its own drops container only.')
param departmentPrincipals object = {}

@description('Principal type of the department principals.')
@allowed([ 'Group', 'ServicePrincipal', 'User' ])
param departmentPrincipalType string = 'Group'

@description('Create the Event Grid subscriptions that deliver BlobCreated events to the blob-trigger functions. Needs the app code deployed first (the webhook is validated and its blobs_extension key exists only then): deploy with false, publish the code, deploy again with true.')
param deployEventSubscriptions bool = false

@description('Durable Functions task hub name.')
param taskHubName string = 'canbao'

@description('Tags on every resource.')
param tags object = {}

// Department slugs: the drops containers are "drops-<slug>"; must equal DropDepartments in functions/Canbao.Functions
// (a test compares them). Source: the plan's division of work (DESIGN.md "Departments and what each feed brings").
var departments = [
  'public-security'
  'social-insurance'
  'provincial-registry'
  'health'
  'education'
  'justice'
  'civil-affairs'
  'market-supervision'
  'tax'
  'construction'
  'hrss'
]

var suffix = uniqueString(resourceGroup().id, city, environment)
var baseName = toLower('canbao-${city}-${environment}')
var allTags = union({ app: 'canbao', city: city, environment: environment }, tags)
// Names are computed here (not taken from module outputs) so What-If can predict every resource.
var names = {
  storage: take('stcanbao${suffix}', 24)
  cosmos: '${baseName}-cosmos-${suffix}'
  serviceBus: '${baseName}-sb-${suffix}'
  functionApp: '${baseName}-func-${suffix}'
  appInsights: '${baseName}-ai'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    baseName: baseName
    appInsightsName: names.appInsights
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    accountName: names.storage
    location: location
    tags: allTags
    departments: departments
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: names.cosmos
    location: location
    tags: allTags
    capacityMode: cosmosCapacityMode
    maxThroughput: cosmosMaxThroughput
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    namespaceName: names.serviceBus
    location: location
    tags: allTags
    districts: districts
    departments: departments
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    appName: names.functionApp
    location: location
    tags: allTags
    storageAccountName: names.storage
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusNamespaceHost: serviceBus.outputs.fullyQualifiedNamespace
    taskHubName: taskHubName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

module appRoles 'modules/app-roles.bicep' = {
  name: 'app-roles'
  params: {
    appName: names.functionApp
    principalId: functionApp.outputs.principalId
    storageAccountName: names.storage
    cosmosAccountName: names.cosmos
    serviceBusNamespaceName: names.serviceBus
    appInsightsName: names.appInsights
  }
}

module departmentAccess 'modules/department-access.bicep' = {
  name: 'department-access'
  dependsOn: [ storage ]
  params: {
    storageAccountName: names.storage
    departments: departments
    departmentPrincipals: departmentPrincipals
    principalType: departmentPrincipalType
  }
}

module events 'modules/eventgrid.bicep' = if (deployEventSubscriptions) {
  name: 'eventgrid'
  dependsOn: [ storage, functionApp ]
  params: {
    storageAccountName: names.storage
    location: location
    tags: allTags
    functionAppName: names.functionApp
    departments: departments
  }
}

@description('Function app host name (operator API base: https://<host>/api/).')
output functionAppHostName string = functionApp.outputs.defaultHostName
@description('Function app name (for `func azure functionapp publish` / `az functionapp deployment`).')
output functionAppName string = functionApp.outputs.appName
@description('Function app system-assigned identity (principal id).')
output functionAppPrincipalId string = functionApp.outputs.principalId
@description('Blob endpoint: departments upload to <endpoint>drops-<department>/<feed>/<file>.')
output storageBlobEndpoint string = storage.outputs.blobEndpoint
@description('Drops container per department slug.')
output dropsContainers array = storage.outputs.dropsContainers
@description('Cosmos DB endpoint (setting Cosmos__accountEndpoint).')
output cosmosEndpoint string = cosmos.outputs.endpoint
@description('Service Bus namespace host (setting ServiceBus__fullyQualifiedNamespace).')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
@description('Event Grid system topic, when the subscriptions were deployed.')
output eventGridSystemTopic string = events.?outputs.systemTopicName ?? ''
