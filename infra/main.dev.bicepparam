// Example parameters: Xining, dev, serverless Cosmos DB. Department principals are placeholders (Entra object ids).
using 'main.bicep'

param city = 'xining'
param environment = 'dev'
param cosmosCapacityMode = 'serverless'
param maximumInstanceCount = 100
param departmentPrincipals = {
  'public-security': '00000000-0000-0000-0000-000000000000'
}
param deployEventSubscriptions = false
