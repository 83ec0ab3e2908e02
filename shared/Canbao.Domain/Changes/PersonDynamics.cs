using Canbao.Domain.Standard;

namespace Canbao.Domain.Changes;

/// <summary>
/// The dynamic-management state (动态管理) of one person, kept beside the <see cref="Persons.PersonRecord"/> the round
/// builds: the facts change events set, each with the <see cref="EventStamp"/> of the event that set it, the ids of every
/// event applied (idempotency), the survey flag and the audit history of changes. Plain properties for JSON.
/// </summary>
public sealed class PersonDynamics
{
    /// <summary>Date of death, or null while alive (as far as reported).</summary>
    public DateOnly? DeathDate { get; set; }

    /// <summary>Stamp of the death event; null while alive.</summary>
    public EventStamp? DeathStamp { get; set; }

    /// <summary>Latest household-registration (户籍) address reported by an event; null when none reported.</summary>
    public string? HukouAddress { get; set; }

    /// <summary>Stamp of the event that set <see cref="HukouAddress"/> / <see cref="MigratedOut"/>.</summary>
    public EventStamp? HukouStamp { get; set; }

    /// <summary>True after a migration out of the city that no later migration in reversed.</summary>
    public bool MigratedOut { get; set; }

    /// <summary>True while serving a sentence (服刑).</summary>
    public bool InCustody { get; set; }

    /// <summary>Stamp of the event that set <see cref="InCustody"/>.</summary>
    public EventStamp? CustodyStamp { get; set; }

    /// <summary>Date a residence permit (居住证) was reported issued; null when none.</summary>
    public DateOnly? ResidencePermitDate { get; set; }

    /// <summary>Enrollment status per insurance as last reported by an event (one entry per insurance).</summary>
    public List<EnrollmentFact> Enrollments { get; set; } = [];

    /// <summary>True when the person should be (back) on a survey roster (未参保 / 断保 / 未参齐 after a change).</summary>
    public bool SurveyNeeded { get; set; }

    /// <summary>Why <see cref="SurveyNeeded"/> was last set or cleared, e.g. <c>lapsed</c>, <c>moved_in</c>, <c>deceased</c>.</summary>
    public string? SurveyReason { get; set; }

    /// <summary>Ids of every change event applied to this person (applying one again changes nothing).</summary>
    public List<string> AppliedEventIds { get; set; } = [];

    /// <summary>Audit history: one entry per applied event, in the order applied.</summary>
    public List<ChangeHistoryEntry> History { get; set; } = [];
}

/// <summary>Status of one insurance as set by an event.</summary>
public sealed class EnrollmentFact
{
    /// <summary>The insurance.</summary>
    public InsuranceType Insurance { get; set; }
    /// <summary>Its status.</summary>
    public EnrollmentStatus Status { get; set; }
    /// <summary>Stamp of the event that set it.</summary>
    public EventStamp Stamp { get; set; }
}

/// <summary>One audit entry: which event changed the person, when, from which source, and what it did.</summary>
/// <param name="EventId">Stable event id.</param>
/// <param name="Kind">Event kind.</param>
/// <param name="EventDate">Date the change took effect.</param>
/// <param name="Source">Reporting feed id.</param>
/// <param name="Effect">What changed, in words, e.g. <c>coverage lapsed→out_of_scope; deceased</c>, or <c>superseded by a later event</c>.</param>
public sealed record ChangeHistoryEntry(string EventId, ChangeEventKind Kind, DateOnly EventDate, string Source, string Effect);
