using System.Text.Json.Serialization;
using Canbao.Domain.Identifiers;

namespace Canbao.Operator.Data;

/// <summary>
/// An orchestration instance as operators see it: status and progress. Serialized with the names of the Functions app's
/// <c>GET /api/instances</c> (issue 6: <c>instanceId, name, status, createdAt, lastUpdatedAt, customStatus</c>, camelCase
/// unlike the rest of this API), plus <c>roundId, districtCode, done, total</c>.
/// </summary>
/// <param name="InstanceId">Durable Task instance id.</param>
/// <param name="Name">Orchestration name, e.g. ComparisonRoundOrchestrator, DropIngestionOrchestrator, RosterSurveyOrchestrator.</param>
/// <param name="Status">Runtime status: Pending, Running, Completed, Failed, Terminated, Suspended.</param>
/// <param name="RoundId">The round it belongs to, if any.</param>
/// <param name="DistrictCode">The district it concerns (roster workflows), else null.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="UpdatedAt">Last status change (<c>lastUpdatedAt</c>).</param>
/// <param name="Done">Work items done (partitions, rows, tasks).</param>
/// <param name="Total">Work items in all; 0 when unknown.</param>
/// <param name="Detail">Custom status text, no personal data (<c>customStatus</c>).</param>
public sealed record InstanceView(
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("roundId")] string? RoundId,
    [property: JsonPropertyName("districtCode")] string? DistrictCode,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("lastUpdatedAt")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("customStatus")] string Detail);

/// <summary>A comparison round.</summary>
/// <param name="RoundId">Round id, e.g. <c>2026-11</c>.</param>
/// <param name="StartedAt">Start time.</param>
/// <param name="Status">Running, Completed, Failed.</param>
/// <param name="Persons">Persons compared.</param>
/// <param name="SurveyTasks">Survey tasks dispatched by the round.</param>
public sealed record RoundView(string RoundId, DateTimeOffset StartedAt, string Status, int Persons, int SurveyTasks);

/// <summary>A department drop and its row counts (rows in = accepted + held + rejected).</summary>
/// <param name="DropId">Drop id (blob name or file name).</param>
/// <param name="Feed">Feed id (<c>household_registry</c> …).</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="RowsIn">Data rows read.</param>
/// <param name="Accepted">Accepted rows.</param>
/// <param name="Held">Held rows (accepted with warnings).</param>
/// <param name="Rejected">Rejected rows.</param>
public sealed record DropView(string DropId, string Feed, DateTimeOffset ReceivedAt, int RowsIn, int Accepted, int Held, int Rejected);

/// <summary>One finding on a drop row; messages never carry a resident ID, name or phone unmasked.</summary>
/// <param name="Row">1-based record number in the drop.</param>
/// <param name="Column">Header of the column.</param>
/// <param name="Code">Issue code, e.g. <c>ID_CHECK_MISMATCH</c>.</param>
/// <param name="Severity"><c>error</c> (rejected) or <c>warning</c> (held).</param>
/// <param name="Message">Why.</param>
public sealed record DropRowError(long Row, string Column, string Code, string Severity, string Message);

/// <summary>A district or township: code and name.</summary>
/// <param name="Code">6-digit district or 9-digit township code.</param>
/// <param name="Name">Name.</param>
public sealed record AreaView(string Code, string Name);

/// <summary>Survey task states (the survey lifecycle): dispatched → visited → entered → reviewed → confirmed; or sent back, or unreachable.</summary>
public enum SurveyTaskState
{
    /// <summary>On a township roster, not yet visited.</summary>
    Dispatched,
    /// <summary>Visited; result not entered yet.</summary>
    Visited,
    /// <summary>Result entered (submitted), waiting for review.</summary>
    Entered,
    /// <summary>Reviewed, waiting to be applied.</summary>
    Reviewed,
    /// <summary>Applied to the person record.</summary>
    Confirmed,
    /// <summary>Sent back by a reviewer for another visit.</summary>
    SentBack,
    /// <summary>Could not be reached.</summary>
    Unreachable,
}

/// <summary>What an operator does to a survey task.</summary>
public enum SurveyTaskAction
{
    /// <summary>Enter the surveyor's result (dispatched / visited / sent back → entered).</summary>
    Submit,
    /// <summary>Approve an entered result (entered → confirmed, through reviewed).</summary>
    Approve,
    /// <summary>Send an entered result back for another visit (entered → sent back); a reason is required.</summary>
    SendBack,
}

/// <summary>A survey task (one person to visit). Holds the full resident ID; the API masks it in lists.</summary>
/// <param name="TaskId">Task id.</param>
/// <param name="RoundId">Round that dispatched it.</param>
/// <param name="ResidentId">Canonical resident ID (full).</param>
/// <param name="Name">Name (full).</param>
/// <param name="DistrictCode">District of residence.</param>
/// <param name="TownshipCode">Township of residence (roster).</param>
/// <param name="Reason">Why the visit is due (Chinese).</param>
/// <param name="State">Current state.</param>
/// <param name="Deadline">Date the result is due.</param>
/// <param name="Note">Last reviewer note (send-back reason), or empty.</param>
public sealed record SurveyTask(string TaskId, string RoundId, string ResidentId, string Name, string DistrictCode, string TownshipCode,
    string Reason, SurveyTaskState State, DateOnly Deadline, string Note)
{
    /// <summary>The list form: resident ID masked (<see cref="ResidentId.Mask"/>), name reduced to its first character.</summary>
    public SurveyTask Masked() => this with { ResidentId = Canbao.Domain.Identifiers.ResidentId.Mask(ResidentId), Name = MaskName(Name) };

    /// <summary>Masks a name for lists: first character, then one * per further character (孙浩 → 孙*).</summary>
    public static string MaskName(string name) => name.Length <= 1 ? name : name[..1] + new string('*', name.Length - 1);
}

/// <summary>Filter of the task list; null members do not filter.</summary>
/// <param name="DistrictCode">District.</param>
/// <param name="TownshipCode">Township.</param>
/// <param name="State">State.</param>
public sealed record SurveyTaskQuery(string? DistrictCode, string? TownshipCode, SurveyTaskState? State);

/// <summary>A person record opened by an operator (full data; every read is audited).</summary>
/// <param name="ResidentId">Canonical resident ID.</param>
/// <param name="Name">Name.</param>
/// <param name="DistrictCode">District of residence.</param>
/// <param name="TownshipCode">Township of residence.</param>
/// <param name="Coverage">Coverage status key (snake_case, e.g. <c>partly_enrolled</c>).</param>
/// <param name="Enrollment">Insurance key → status (参保缴费 / 暂停缴费 / 终止参保).</param>
/// <param name="HukouAddress">户籍地址.</param>
/// <param name="ResidenceAddress">居住地址.</param>
/// <param name="Phone">联系电话.</param>
public sealed record PersonView(string ResidentId, string Name, string DistrictCode, string TownshipCode, string Coverage,
    IReadOnlyDictionary<string, string> Enrollment, string HukouAddress, string ResidenceAddress, string Phone);

/// <summary>An item to review: a possible match, a possible duplicate identity, or a conflict between departments.</summary>
/// <param name="ReviewId">Item id.</param>
/// <param name="Kind"><c>possible_match</c>, <c>possible_duplicate_identity</c> or <c>conflict</c>.</param>
/// <param name="PersonId">The person concerned (full; masked in lists).</param>
/// <param name="OtherId">The other ID or unusable ID text (full; masked in lists), or empty.</param>
/// <param name="DistrictCode">District of the person.</param>
/// <param name="Detail">What and why (no names).</param>
/// <param name="Decision">The decision once made, else null.</param>
/// <param name="DecidedBy">Operator who decided, else null.</param>
public sealed record ReviewItem(string ReviewId, string Kind, string PersonId, string OtherId, string DistrictCode, string Detail,
    string? Decision, string? DecidedBy)
{
    /// <summary>Decisions allowed for each kind.</summary>
    public static IReadOnlyList<string> DecisionsFor(string kind) => kind switch
    {
        "possible_match" => ["link", "not_same_person"],
        "possible_duplicate_identity" => ["merge", "keep_separate"],
        "conflict" => ["accept_precedence", "send_to_survey"],
        _ => [],
    };

    /// <summary>The list form with both IDs masked.</summary>
    public ReviewItem Masked() => this with { PersonId = ResidentId.Mask(PersonId), OtherId = ResidentId.Mask(OtherId) };
}
