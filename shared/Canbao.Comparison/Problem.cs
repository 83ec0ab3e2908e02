namespace Canbao.Comparison;

/// <summary>Kinds of entries on a round's problem list (问题清单).</summary>
public static class ProblemKinds
{
    /// <summary>Departments disagree about a person's name, birth date or sex.</summary>
    public const string Conflict = "conflict";
    /// <summary>A row with an unusable ID scored between the thresholds (or ambiguously) against a person: review, not merged.</summary>
    public const string PossibleMatch = "possible_match";
    /// <summary>Two different valid IDs that look like one person (same name and birth date, same address).</summary>
    public const string PossibleDuplicateIdentity = "possible_duplicate_identity";
}

/// <summary>
/// One entry of the problem list. Resident IDs are full: the list is an official work list (never log it).
/// </summary>
/// <param name="Kind">See <see cref="ProblemKinds"/>.</param>
/// <param name="PersonId">The person concerned (the candidate for a possible match).</param>
/// <param name="OtherId">The other ID (duplicate identity) or the row's unusable ID text (possible match); empty otherwise.</param>
/// <param name="Feed">Feed of the row concerned (possible match), or the feeds in conflict.</param>
/// <param name="Drop">Drop of the row concerned, when one row is.</param>
/// <param name="Row">Row number in the drop, 0 when not about one row.</param>
/// <param name="Detail">What and why: fields and the rule or weights that decided; no names.</param>
public sealed record Problem(string Kind, string PersonId, string OtherId, string Feed, string Drop, long Row, string Detail);
