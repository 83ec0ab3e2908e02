using Canbao.Domain.Persons;

namespace Canbao.Reports.Rosters;

/// <summary>
/// One person on a survey roster (花名册): what the surveyor needs to find the person and why the visit is due.
/// Rosters carry the person's full resident ID, name and phone: they are the survey staff's working papers.
/// </summary>
/// <param name="TaskId">The survey task's id; written on the roster so the filled row finds its task again.</param>
/// <param name="ResidentId">Canonical 18-character resident ID.</param>
/// <param name="Name">Name as in the person record.</param>
/// <param name="Sex">性别 as printed: 男 / 女 / empty.</param>
/// <param name="BirthDate">Birth date, or null when unknown.</param>
/// <param name="HukouAddress">户籍地址 (line breaks kept).</param>
/// <param name="ResidenceAddress">居住地址 (line breaks kept).</param>
/// <param name="Phone">联系电话 known from the feeds, or empty.</param>
/// <param name="Coverage">Coverage status that put the person on the roster.</param>
/// <param name="Reason">Why the visit is due, in Chinese (e.g. 未参保, 信息冲突: 居住地址).</param>
public sealed record RosterEntry(
    string TaskId,
    string ResidentId,
    string Name,
    string Sex,
    DateOnly? BirthDate,
    string HukouAddress,
    string ResidenceAddress,
    string Phone,
    CoverageStatus Coverage,
    string Reason);

/// <summary>A township's (乡镇/街道) survey roster for one survey campaign.</summary>
/// <param name="TownshipCode">9-digit township/street code.</param>
/// <param name="TownshipName">Township/street name, e.g. 东华门街道.</param>
/// <param name="DistrictCode">6-digit county/district code the township belongs to.</param>
/// <param name="CampaignId">The survey campaign (usually the round id) the tasks belong to.</param>
/// <param name="Deadline">Date by which the filled roster is due back.</param>
/// <param name="Entries">The persons to visit, in roster order.</param>
public sealed record Roster(
    string TownshipCode,
    string TownshipName,
    string DistrictCode,
    string CampaignId,
    DateOnly Deadline,
    IReadOnlyList<RosterEntry> Entries);
