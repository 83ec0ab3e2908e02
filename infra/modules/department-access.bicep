// Each department's principal may write only its own drops: Storage Blob Data Contributor scoped to the container
// drops-<slug>, nothing on the account. A department without a principal in departmentPrincipals gets nothing.
@description('Storage account name.')
param storageAccountName string
@description('Department slugs.')
param departments array
@description('Object ids keyed by department slug.')
param departmentPrincipals object
@description('Principal type of the department principals.')
param principalType string

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var granted = filter(departments, d => contains(departmentPrincipals, d))

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}
resource dropsContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [for department in granted: {
  parent: blobService
  name: 'drops-${department}'
}]

resource writers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (department, i) in granted: {
  name: guid(dropsContainers[i].id, departmentPrincipals[department], storageBlobDataContributor)
  scope: dropsContainers[i]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: departmentPrincipals[department]
    principalType: principalType
    description: 'Canbao: ${department} uploads its own drops only'
  }
}]

@description('Departments that were granted write access.')
output grantedDepartments array = granted
