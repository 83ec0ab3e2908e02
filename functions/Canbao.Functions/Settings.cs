namespace Canbao.Functions;

/// <summary>
/// Every app setting the Functions app reads, and the container names it uses. infra/modules/functionapp.bicep sets them in
/// Azure (identity-based: <c>&lt;Name&gt;__accountName</c>, <c>__blobServiceUri</c>, <c>__accountEndpoint</c>,
/// <c>__fullyQualifiedNamespace</c>); local.settings.sample.json lists them with Azurite values.
/// </summary>
public static class Settings
{
    /// <summary>Connection name of the drops and working containers (<c>Drops__blobServiceUri</c> in Azure, a connection string locally).</summary>
    public const string DropsConnection = "Drops";

    /// <summary>Durable Functions task hub name (host.json reads <c>%TaskHubName%</c>).</summary>
    public const string TaskHubName = "TaskHubName";

    /// <summary>Cosmos DB document endpoint (<c>Cosmos__accountEndpoint</c>).</summary>
    public const string CosmosEndpoint = "Cosmos:accountEndpoint";

    /// <summary>Cosmos DB database name (<c>Cosmos__databaseName</c>).</summary>
    public const string CosmosDatabase = "Cosmos:databaseName";

    /// <summary>Service Bus namespace host (<c>ServiceBus__fullyQualifiedNamespace</c>), e.g. <c>x.servicebus.windows.net</c>.</summary>
    public const string ServiceBusNamespace = "ServiceBus:fullyQualifiedNamespace";

    /// <summary>Import attempts before a drop is quarantined (case 16: attempts stop at N). Default 3.</summary>
    public const string DropMaxAttempts = "Canbao:DropMaxAttempts";

    /// <summary>Seconds between the two looks at a drop before import (a drop still changing is not imported). Default 5.</summary>
    public const string DropSettleSeconds = "Canbao:DropSettleSeconds";

    /// <summary>Seconds between failed import attempts. Default 10.</summary>
    public const string DropRetrySeconds = "Canbao:DropRetrySeconds";

    /// <summary>Days of finished orchestration history kept before the purge timer deletes it. Default 90.</summary>
    public const string HistoryRetentionDays = "Canbao:HistoryRetentionDays";

    /// <summary>Container of refusal records (drops in the wrong department's place) and quarantined drops.</summary>
    public const string QuarantineContainer = "quarantine";

    /// <summary>
    /// Container of the workflows' artifacts (BlobArtifactStore): imported drops (<c>imported/&lt;feed&gt;/&lt;file&gt;</c>),
    /// round partitions and outputs (<c>rounds/</c>), rosters and returned results, monthly reports (<c>reports/monthly/</c>).
    /// </summary>
    public const string WorkContainer = "batches";

    /// <summary>Container of change-feed continuations (one blob per consumer).</summary>
    public const string CheckpointsContainer = "checkpoints";

    /// <summary>Service Bus topic of survey rosters; one subscription per district, SQL filter on <c>districtCode</c>.</summary>
    public const string SurveyDispatchTopic = "survey-dispatch";

    /// <summary>Service Bus topic of notifications to departments; one subscription per department, SQL filter on <c>department</c>.</summary>
    public const string DepartmentNotificationsTopic = "department-notifications";
}
