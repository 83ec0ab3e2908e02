// Service Bus: survey dispatch (one subscription per district, SQL filter on the districtCode application property)
// and department notifications (one subscription per department, SQL filter on department). Local (SAS) auth is
// disabled; senders and receivers use Entra identities.
@description('Namespace name (6-50 characters).')
@maxLength(50)
param namespaceName string
@description('Azure region.')
param location string
@description('Tags.')
param tags object
@description('Districts: [{ code, name }].')
param districts array
@description('Department slugs.')
param departments array

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource surveyDispatch 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: 'survey-dispatch'
  properties: {
    defaultMessageTimeToLive: 'P30D'
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P1D'
  }
}

resource districtSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [for d in districts: {
  parent: surveyDispatch
  name: 'district-${d.code}'
  properties: {
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
    lockDuration: 'PT5M'
  }
}]

resource districtRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [for (d, i) in districts: {
  parent: districtSubscriptions[i]
  name: 'district-code'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: { sqlExpression: 'districtCode = \'${d.code}\'' }
  }
}]

resource notifications 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: 'department-notifications'
  properties: {
    defaultMessageTimeToLive: 'P30D'
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P1D'
  }
}

resource departmentSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [for department in departments: {
  parent: notifications
  name: department
  properties: {
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
  }
}]

resource departmentRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [for (department, i) in departments: {
  parent: departmentSubscriptions[i]
  name: 'department'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: { sqlExpression: 'department = \'${department}\'' }
  }
}]

@description('Namespace name.')
output namespaceName string = namespace.name
@description('Fully qualified namespace host, e.g. <name>.servicebus.windows.net.')
output fullyQualifiedNamespace string = replace(split(namespace.properties.serviceBusEndpoint, '/')[2], ':443', '')
@description('Topic names.')
output topics array = [ surveyDispatch.name, notifications.name ]
