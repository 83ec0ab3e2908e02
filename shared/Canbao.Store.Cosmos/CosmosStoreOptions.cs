namespace Canbao.Store.Cosmos;

/// <summary>Names and limits of the Cosmos DB person store.</summary>
public sealed record CosmosStoreOptions
{
    /// <summary>Database id.</summary>
    public string Database { get; init; } = "canbao";
    /// <summary>Persons container; partition key <c>/id</c> (the resident ID): every person operation is a point operation.</summary>
    public string Persons { get; init; } = "persons";
    /// <summary>District view container; partition key <c>/district_code</c>: "persons of a district (with a status)" is a
    /// single-partition query. Maintained from the change feed by <see cref="DistrictViewProjector"/>.</summary>
    public string Districts { get; init; } = "persons_by_district";
    /// <summary>Applied-event log container; partition key <c>/person_id</c>: a person's events are one partition.</summary>
    public string Events { get; init; } = "person_events";
    /// <summary>District statistics container (<see cref="CosmosDerivedDataStore"/>); partition key <c>/district_code</c>:
    /// one contribution document per person (id = resident ID), so a district's counts are one single-partition query.</summary>
    public string DistrictStatistics { get; init; } = "district_statistics";
    /// <summary>Survey work list container; partition key <c>/district_code</c>: one document per listed person (id = resident ID).</summary>
    public string SurveyWorkList { get; init; } = "survey_work_list";
    /// <summary>Department lists container; partition key <c>/department</c>: one document per (person, feed, finding).</summary>
    public string DepartmentLists { get; init; } = "department_lists";
    /// <summary>Derived-data markers container; partition key <c>/person_id</c>: per (handler, person) the ETag applied last and
    /// the documents the person has in the derived containers (point read + point write); the partition <c>catalog</c>
    /// lists the districts and departments in use.</summary>
    public string DerivedApplied { get; init; } = "derived_applied";
    /// <summary>
    /// Only for the @vercel/cosmosdb-server stand-in, which answers 500 (not 404) for a point read of a missing item:
    /// when true, a 500 on a point read is confirmed with a single-partition query for the id before reporting "missing".
    /// Keep false for Cosmos DB and its emulator.
    /// </summary>
    public bool MissingItemMayAnswer500 { get; init; }
    /// <summary>How long a bulk write keeps retrying 429 (Too Many Requests) for one item before counting it failed.</summary>
    public TimeSpan RetryDeadline { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Items in flight at once during a bulk write (the SDK's bulk mode groups them into batches).</summary>
    public int BulkConcurrency { get; init; } = 256;
}
