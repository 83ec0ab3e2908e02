using Canbao.Domain.Identifiers;

namespace Canbao.Domain.Persons;

/// <summary>
/// The one record per person (keyed on the canonical 18-character resident ID) — the unique identifier the plan asks
/// for. The comparison round builds it; the person store keeps it. This is the stored document's shape: plain
/// properties, serialized with System.Text.Json in snake_case. Like a master person index, it keeps each department's
/// source record beside the merged master fields.
/// </summary>
public sealed class PersonRecord
{
    /// <summary>Canonical 18-character resident ID; the document id and the key.</summary>
    public required string Id { get; init; }

    /// <summary>6-digit county/district code of the current residence (partition of district views), e.g. "630102".</summary>
    public required string DistrictCode { get; set; }

    /// <summary>9-digit township/street code of the current residence; survey work is routed by it. Empty when unknown.</summary>
    public string TownshipCode { get; set; } = "";

    /// <summary>Coverage status decided by the latest round or change.</summary>
    public CoverageStatus Coverage { get; set; }

    /// <summary>Hash of the content (everything except store metadata and history); a write of an unchanged person is skipped.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>Master name (姓名) chosen by source precedence; empty when no department gave one.</summary>
    public string Name { get; set; } = "";

    /// <summary>Sex; from the resident ID (GB 11643-1999 §6.4), which outranks every department column.</summary>
    public Sex Sex { get; set; }

    /// <summary>Birth date; from the resident ID, which outranks every department column.</summary>
    public DateOnly BirthDate { get; set; }

    /// <summary>Household-registration (户籍) address chosen by source precedence; empty when unknown.</summary>
    public string HukouAddress { get; set; } = "";

    /// <summary>Residence address chosen by source precedence; empty when unknown.</summary>
    public string ResidenceAddress { get; set; } = "";

    /// <summary>Contact phone chosen by source precedence; empty when unknown.</summary>
    public string Phone { get; set; } = "";

    /// <summary>Employer name when employed (from the registration form, tax or enrollment rows); empty otherwise.</summary>
    public string EmployerName { get; set; } = "";

    /// <summary>Other forms of the person's ID seen in the feeds: 15-digit legacy IDs and unusable forms linked to this person.</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Life situations the feeds report (snake_case of <c>Coverage.Situation</c>, e.g. <c>employee</c>, <c>student</c>).</summary>
    public List<string> Situations { get; set; } = [];

    /// <summary>Enrollments in the five insurances as the enrollment feeds report them.</summary>
    public List<PersonEnrollment> Enrollments { get; set; } = [];

    /// <summary>Insurances the person should be in (snake_case insurance keys), by the coverage rule that applied.</summary>
    public List<string> RequiredInsurances { get; set; } = [];

    /// <summary>Why the person has their coverage status: the rule (with its source) and each finding.</summary>
    public List<PersonReason> CoverageReasons { get; set; } = [];

    /// <summary>Conflicts between departments about this person (name, birth date, sex) and how each was decided.</summary>
    public List<FieldConflict> Conflicts { get; set; } = [];

    /// <summary>Every department row that formed this person: the per-department source records.</summary>
    public List<SourceRecord> Sources { get; set; } = [];

    /// <summary>Survey state (入户调查): whether the person is on a roster and why; null when no survey is needed.</summary>
    public SurveyState? Survey { get; set; }

    /// <summary>Audit history (what changed, when, from which round); excluded from the content hash.</summary>
    public List<AuditEntry> History { get; set; } = [];
}

/// <summary>One enrollment of the person.</summary>
/// <param name="Insurance">Snake-case insurance key, e.g. <c>employee_pension</c>.</param>
/// <param name="Status">Snake-case status: <c>paying</c>, <c>suspended</c>, <c>terminated</c>.</param>
/// <param name="Region">Enrollment region code (参保地), empty when not given.</param>
/// <param name="Feed">Feed that reported it (<c>enrollment</c> or <c>other_region_enrollment</c>).</param>
public sealed record PersonEnrollment(string Insurance, string Status, string Region, string Feed);

/// <summary>A reason for the coverage status.</summary>
/// <param name="Code">Stable code, e.g. <c>rule:employee</c>, <c>missing:employee_medical</c>.</param>
/// <param name="Detail">Words for the operator, naming the policy source where it applies; no personal values.</param>
public sealed record PersonReason(string Code, string Detail);

/// <summary>A disagreement between departments about one field of one person, and its resolution.</summary>
/// <param name="Field">Field key: <c>name</c>, <c>birth_date</c> or <c>sex</c>.</param>
/// <param name="Values">Each distinct value with the feeds that gave it, e.g. <c>household_registry=张三</c>.</param>
/// <param name="Chosen">The value kept, or empty when undecided.</param>
/// <param name="Rule">How it was decided: <c>resident_id</c> (the ID's embedded value), <c>precedence:&lt;feed&gt;</c>, or <c>undecided</c>.</param>
public sealed record FieldConflict(string Field, IReadOnlyList<string> Values, string Chosen, string Rule);

/// <summary>One department row that contributed to the person, with how it was linked.</summary>
/// <param name="Feed">Feed id.</param>
/// <param name="Drop">Drop (file) the row came from, relative to the drops folder.</param>
/// <param name="Row">Data row number in the drop, from 1.</param>
/// <param name="LinkedBy">Resolution rule: <c>resident_id</c>, <c>legacy15_upgraded</c>, or <c>linkage:&lt;weight&gt;</c> for a probabilistic link.</param>
/// <param name="Fields">The row's normalized fields (the department's local record).</param>
public sealed record SourceRecord(string Feed, string Drop, long Row, string LinkedBy, IReadOnlyDictionary<string, string> Fields);

/// <summary>Survey state of a person.</summary>
/// <param name="Status">e.g. <c>to_survey</c> (on a roster), later moved by the survey lifecycle.</param>
/// <param name="Reason">Why the person must be visited: the coverage status key.</param>
/// <param name="TownshipCode">Township/street whose roster holds the person (by residence).</param>
public sealed record SurveyState(string Status, string Reason, string TownshipCode);

/// <summary>One audit entry.</summary>
/// <param name="At">When (UTC, ISO 8601).</param>
/// <param name="Round">Round id (or event id) that made the change.</param>
/// <param name="What">What changed, e.g. <c>created</c>, <c>coverage not_enrolled→fully_enrolled</c>.</param>
public sealed record AuditEntry(string At, string Round, string What);
