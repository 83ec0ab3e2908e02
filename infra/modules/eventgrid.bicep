// Event Grid system topic on the storage account and one subscription per department delivering BlobCreated events
// for drops-<slug> to the blob-trigger function Drop_<Slug> (Flex Consumption supports only the Event Grid source).
// Only committing write APIs are delivered and zero-length blobs are filtered out (failure case 16: one upload can
// raise several BlobCreated events; a CopyBlob first commits an empty blob). The function is idempotent on
// (container, blob, ETag) anyway.
@description('Storage account name.')
param storageAccountName string
@description('Azure region.')
param location string
@description('Tags.')
param tags object
@description('Function app name.')
param functionAppName string
@description('Department slugs.')
param departments array

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}
resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${storageAccountName}-events'
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Function name per department: "Drop_" + PascalCase(slug), as in DropDepartments.FunctionName.
var functionNames = [for d in departments: 'Drop_${join(map(split(d, '-'), w => '${toUpper(substring(w, 0, 1))}${substring(w, 1)}'), '')}']

resource subscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = [for (department, i) in departments: {
  parent: topic
  name: 'drops-${department}'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionNames[i]}&code=${listKeys('${site.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/drops-${department}/'
      advancedFilters: [
        { operatorType: 'StringIn', key: 'data.api', values: [ 'PutBlob', 'PutBlockList', 'CopyBlob', 'FlushWithClose' ] }
        { operatorType: 'NumberGreaterThan', key: 'data.contentLength', value: 0 }
      ]
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}]

@description('System topic name.')
output systemTopicName string = topic.name
