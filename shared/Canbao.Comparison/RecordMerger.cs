using Canbao.Domain.Persons;

namespace Canbao.Comparison;

/// <summary>
/// Merges the record a round derived from the drops with the record already stored for that person, so a round
/// re-derives only what comes from the drops and keeps what other processes added (issue 5: the one record per person
/// must stay current, not be reset by the next round). Pure.
/// <list type="bullet">
/// <item>From the round: master fields (name, sex, birth date, addresses, employer, district and township), situations,
/// enrollments, coverage with its required insurances and reasons, conflicts, source records and the content hash
/// (<see cref="ContentHasher"/> over the derived record, so the next round over the same drops compares equal).</item>
/// <item>Kept from the store: aliases (the round's new ones are added), the audit history (the round's entry is
/// appended), the survey state and its results — a confirmed phone number from the survey stays.</item>
/// <item>Survey: a survey task is (re-)opened (<c>to_survey</c>) only when the person's coverage needs a survey and the
/// stored record had no survey state or its coverage did not need one (the person became uncovered again); an open
/// <c>to_survey</c> task is dropped when the person no longer needs a survey; any other stored survey state
/// (confirmed, unreachable, sent back, …) is kept.</item>
/// </list>
/// The person's change-event state (<c>PersonDynamics</c>) is stored beside the record and kept by the store.
/// </summary>
public static class RecordMerger
{
    /// <summary>Survey status of an open task the round itself puts on a roster.</summary>
    public const string OpenSurveyStatus = "to_survey";

    /// <summary>Survey status whose results (e.g. the phone number) were confirmed by the operator.</summary>
    public const string ConfirmedSurveyStatus = "confirmed";

    /// <summary>
    /// Merges <paramref name="derived"/> (the round's record, content hash set, history holding the round's entry) with
    /// <paramref name="stored"/>; returns <paramref name="derived"/> itself, modified, or unchanged when
    /// <paramref name="stored"/> is null.
    /// </summary>
    /// <param name="derived">The record the round assembled.</param>
    /// <param name="stored">The stored record of the same person, or null when the person is new.</param>
    /// <exception cref="ArgumentException">The two records are about different persons.</exception>
    public static PersonRecord Merge(PersonRecord derived, PersonRecord? stored)
    {
        ArgumentNullException.ThrowIfNull(derived);
        if (stored is null) return derived;
        if (!string.Equals(derived.Id, stored.Id, StringComparison.Ordinal))
            throw new ArgumentException("The stored record is about another person.", nameof(stored));

        var aliases = new List<string>(stored.Aliases);
        foreach (var a in derived.Aliases) if (!aliases.Contains(a)) aliases.Add(a);
        derived.Aliases = aliases;

        derived.History = [.. stored.History, .. derived.History];

        var needsSurvey = PersonAssembler.SurveyStatuses.Contains(derived.Coverage);
        var neededBefore = PersonAssembler.SurveyStatuses.Contains(stored.Coverage);
        if (stored.Survey is { } s)
        {
            if (needsSurvey)
                derived.Survey = neededBefore ? s : derived.Survey; // uncovered again: a new task; still uncovered: the task goes on
            else
                derived.Survey = s.Status == OpenSurveyStatus ? null : s; // covered now: an open task is dropped, an outcome is kept
        }
        if (stored.Survey?.Status == ConfirmedSurveyStatus && stored.Phone.Length > 0) derived.Phone = stored.Phone;
        return derived;
    }
}
