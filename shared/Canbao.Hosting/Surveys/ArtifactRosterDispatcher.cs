using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Persons;
using Canbao.Hosting.Ports;
using Canbao.Hosting.Rounds;
using Canbao.Reports.Rosters;
using Canbao.Store;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using nietras.SeparatedValues;

namespace Canbao.Hosting.Surveys;

/// <summary>
/// <see cref="IRosterDispatcher"/> for both hosts. A round's rosters are its outputs
/// <c>rounds/&lt;id&gt;/out/rosters/&lt;township&gt;.csv</c> (9-digit townships only: persons with no known township are
/// on no roster). Dispatch writes the printable roster (<see cref="RosterWriter"/>: XLSX and CSV in the registration-form
/// layout) to <c>rounds/&lt;id&gt;/survey/&lt;township&gt;/roster.xlsx|csv</c> and sends a message; reminders,
/// escalations, review requests and send-backs are messages (<see cref="IRosterMessages"/>). Confirmation reads the
/// returned roster named by <see cref="RosterSubmission.ResultRef"/> (<see cref="SurveyResultReader"/>) and writes each
/// result into the person record through <see cref="PersonUpdater"/> (read, modify, replace with If-Match, retry on 412):
/// survey status <c>confirmed</c> (已登记, 已迁出, 已死亡) or <c>unreachable</c> (无法联系), the phone the surveyor wrote,
/// and the survey result (<see cref="SurveyFinding"/>: what the result columns hold — enrolled elsewhere, newly enrolled,
/// unwilling, moved away, deceased …) as the coverage reason <c>survey:&lt;result&gt;</c> ("survey &lt;round&gt; &lt;township&gt;")
/// and in the audit entry; the coverage status changes only where <see cref="SurveyFinding"/>'s rules decide (with an
/// audit entry <c>coverage a→b (survey &lt;round&gt; &lt;township&gt;)</c>). Expiry records every outstanding person of the roster as
/// <c>unreachable</c>. Every step is idempotent: a second run writes nothing new.
/// </summary>
/// <param name="artifacts">Round outputs, rosters and returned results.</param>
/// <param name="store">The person store.</param>
/// <param name="messages">Where roster messages go.</param>
/// <param name="clock">Today's date (China Standard Time) for deadlines and result validation; null = system clock.</param>
public class ArtifactRosterDispatcher(IArtifactStore artifacts, IPersonStore store, IRosterMessages messages, TimeProvider? clock = null) : IRosterDispatcher
{
    /// <summary>Survey status of a person whose result was confirmed.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Survey status of a person recorded unreachable.</summary>
    public const string Unreachable = "unreachable";

    private readonly PersonUpdater _updater = new(store);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private DateTimeOffset Now => _clock.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime.AddHours(8));

    /// <summary>The round's roster of a township as written by the round: <c>rounds/&lt;id&gt;/out/rosters/&lt;township&gt;.csv</c>.</summary>
    public static string RoundRoster(RosterKey roster) => $"{ArtifactRoundRunner.RoundPrefix(roster.RoundId)}out/rosters/{Township(roster)}.csv";

    /// <summary>Folder of a roster's survey artifacts: <c>rounds/&lt;id&gt;/survey/&lt;township&gt;/</c>.</summary>
    public static string SurveyPrefix(RosterKey roster) => $"{ArtifactRoundRunner.RoundPrefix(roster.RoundId)}survey/{Township(roster)}/";

    /// <summary>
    /// The survey task id of a person in a round: <c>task-</c> + 16 hex characters of SHA-256 over <c>round|resident ID</c>
    /// (the operator API's task ids, StoreOperatorData), so a roster row and the API name the same task without the ID.
    /// </summary>
    public static string TaskId(string roundId, string residentId) =>
        "task-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(roundId + "|" + residentId)).AsSpan(0, 8));

    private static string Township(RosterKey roster) =>
        roster.Township.Length == 9 && roster.Township.All(char.IsAsciiDigit)
            ? roster.Township : throw new ArgumentException($"township code '{roster.Township}' must be 9 digits", nameof(roster));

    /// <inheritdoc />
    public virtual async Task<CampaignPlan> PlanAsync(string roundId, CancellationToken ct = default)
    {
        var prefix = ArtifactRoundRunner.RoundPrefix(roundId) + "out/rosters/";
        var townships = (await artifacts.ListAsync(prefix, ct))
            .Select(n => n[prefix.Length..])
            .Where(n => n.EndsWith(".csv", StringComparison.Ordinal))
            .Select(n => n[..^4])
            .Where(t => t.Length == 9 && t.All(char.IsAsciiDigit))
            .Order(StringComparer.Ordinal).ToList();
        return new CampaignPlan(roundId, townships);
    }

    /// <summary>Resident IDs on the township's roster of the round, in roster order.</summary>
    /// <exception cref="InvalidDataException">The round wrote no roster for the township.</exception>
    public async Task<IReadOnlyList<string>> RosterIdsAsync(RosterKey roster, CancellationToken ct = default)
    {
        var name = RoundRoster(roster);
        var bytes = await artifacts.ReadAsync(name, ct) ?? throw new InvalidDataException($"{name}: the round wrote no roster for township {roster.Township}");
        using var reader = Sep.Reader(o => o with { Unescape = true }).From(bytes);
        var ids = new List<string>();
        foreach (var row in reader) ids.Add(row["resident_id"].ToString());
        return ids;
    }

    /// <inheritdoc />
    public virtual async Task<int> DispatchAsync(RosterKey roster, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var entries = new List<RosterEntry>();
        foreach (var id in await RosterIdsAsync(roster, ct))
        {
            if (await store.ReadAsync(id, ct) is not { } stored) continue;
            var p = stored.Person;
            entries.Add(new RosterEntry(TaskId(roster.RoundId, p.Id), p.Id, p.Name, p.Sex switch { Sex.Male => "男", Sex.Female => "女", _ => "" },
                p.BirthDate == default ? null : p.BirthDate, p.HukouAddress, p.ResidenceAddress, p.Phone, p.Coverage, p.Survey?.Reason ?? ""));
        }
        var deadline = Today.AddDays(SurveyTimings.Default.ResultDeadlineSeconds / 86400);
        var name = TownshipDirectory.Default.Find(roster.Township)?.Name ?? roster.Township;
        var printable = new Roster(roster.Township, name, roster.Township[..6], roster.RoundId, deadline, entries);
        var prefix = SurveyPrefix(roster);
        using (var xlsx = new MemoryStream())
        {
            RosterWriter.WriteXlsx(xlsx, printable);
            await artifacts.WriteAsync(prefix + "roster.xlsx", xlsx.ToArray(), ct);
        }
        using (var csv = new MemoryStream())
        {
            RosterWriter.WriteCsv(csv, printable);
            await artifacts.WriteAsync(prefix + "roster.csv", csv.ToArray(), ct);
        }
        await messages.SendAsync(new RosterMessage(roster, RosterMessageKind.Dispatched, 0, entries.Count, Ref: prefix + "roster.xlsx"), ct);
        return entries.Count;
    }

    /// <inheritdoc />
    public virtual Task RemindAsync(RosterNotice notice, CancellationToken ct = default) =>
        messages.SendAsync(new RosterMessage(notice.Roster, RosterMessageKind.Reminder, notice.Level, 0), ct);

    /// <inheritdoc />
    public virtual Task EscalateAsync(RosterNotice notice, CancellationToken ct = default) =>
        messages.SendAsync(new RosterMessage(notice.Roster, RosterMessageKind.Escalation, notice.Level, 0), ct);

    /// <inheritdoc />
    public virtual Task RequestReviewAsync(RosterResultsRequest request, CancellationToken ct = default) =>
        messages.SendAsync(new RosterMessage(request.Roster, RosterMessageKind.ReviewRequested, 0,
            request.Submission.Visited + request.Submission.Unreachable, Ref: request.Submission.ResultRef), ct);

    /// <inheritdoc />
    public virtual Task SendBackAsync(RosterSendBack sendBack, CancellationToken ct = default) =>
        messages.SendAsync(new RosterMessage(sendBack.Roster, RosterMessageKind.SentBack, 0, 0, sendBack.Reason), ct);

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The returned roster is missing or is not a roster.</exception>
    /// <exception cref="InvalidOperationException">A person record could not be written (every attempt met a conflict).</exception>
    public virtual async Task<RosterConfirmation> ConfirmAsync(RosterResultsRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var roster = request.Roster;
        var resultRef = request.Submission.ResultRef;
        var bytes = await artifacts.ReadAsync(resultRef, ct) ?? throw new InvalidDataException($"{resultRef}: the returned roster of township {roster.Township} is missing");
        RosterReadResult read;
        using (var s = new MemoryStream(bytes, writable: false)) read = SurveyResultReader.Read(s, Today);
        var onRoster = (await RosterIdsAsync(roster, ct)).ToHashSet(StringComparer.Ordinal);
        var at = Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        int confirmed = 0, unreachable = 0, notOnRoster = 0;
        var byResult = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var result in read.Results)
        {
            if (!onRoster.Contains(result.ResidentId)) { notOnRoster++; continue; }
            var status = result.Outcome == SurveyOutcome.Unreachable ? Unreachable : Confirmed;
            var phone = result.Outcome == SurveyOutcome.Registered ? result.Phone : "";
            var written = await WriteSurveyAsync(result.ResidentId, roster, status, ct, apply: p =>
            {
                var finding = SurveyFinding.Of(result, p);
                if (phone.Length > 0) p.Phone = phone;
                p.History.Add(new AuditEntry(at, roster.RoundId,
                    $"survey {status}: {SurveyOutcomes.ChineseName(result.Outcome)} → {finding.Key} ({roster.Township}, {resultRef} row {result.Row})"));
                p.CoverageReasons.RemoveAll(r => r.Code.StartsWith("survey:", StringComparison.Ordinal));
                p.CoverageReasons.Add(finding.Reason(roster.RoundId, roster.Township));
                if (finding.Coverage is { } coverage && coverage != p.Coverage)
                {
                    p.History.Add(new AuditEntry(at, roster.RoundId,
                        $"coverage {SurveyFinding.CoverageKey(p.Coverage)}→{SurveyFinding.CoverageKey(coverage)} (survey {roster.RoundId} {roster.Township})"));
                    p.Coverage = coverage;
                }
            });
            if (written is null) continue;
            if (status == Confirmed) confirmed++; else unreachable++;
            // Counted from the record as written (or as found by a repeated confirmation), so a retry writes the same file.
            if (written.CoverageReasons.LastOrDefault(r => r.Code.StartsWith("survey:", StringComparison.Ordinal)) is { } reason)
                byResult[reason.Code[7..]] = byResult.GetValueOrDefault(reason.Code[7..]) + 1;
        }
        var record = new { status = "confirmed", results = resultRef, confirmed, unreachable, not_on_roster = notOnRoster,
            unfilled = read.Unfilled.Count, survey_results = byResult, row_errors = read.Errors.Select(e => new { e.Row, e.Column, e.Message }).ToList() };
        await artifacts.WriteAsync(SurveyPrefix(roster) + "confirmation.json", JsonSerializer.SerializeToUtf8Bytes(record), ct);
        return new RosterConfirmation(confirmed, unreachable);
    }

    /// <inheritdoc />
    public virtual async Task<RosterConfirmation> ExpireAsync(RosterKey roster, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var at = Now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var unreachable = 0;
        foreach (var id in await RosterIdsAsync(roster, ct))
        {
            var written = await WriteSurveyAsync(id, roster, Unreachable, ct, keep: Confirmed,
                apply: p => p.History.Add(new AuditEntry(at, roster.RoundId, $"survey unreachable: no results after the last escalation ({roster.Township})")));
            if (written is { Survey.Status: Unreachable }) unreachable++;
        }
        var record = new { status = "expired", confirmed = 0, unreachable };
        await artifacts.WriteAsync(SurveyPrefix(roster) + "confirmation.json", JsonSerializer.SerializeToUtf8Bytes(record), ct);
        return new RosterConfirmation(0, unreachable);
    }

    // Writes the survey status into the person record and applies `apply` (audit entries, results); returns the record
    // (null when the person is gone or not on this township's survey). Idempotent: a person already in the status is left
    // as is. A person in status `keep` is not changed.
    private async Task<PersonRecord?> WriteSurveyAsync(string id, RosterKey roster, string status,
        CancellationToken ct, Action<PersonRecord> apply, string? keep = null)
    {
        var result = await _updater.UpdateAsync(id, (p, _) =>
        {
            if (p.Survey is null || p.Survey.TownshipCode != roster.Township) return false;
            if (p.Survey.Status == status || p.Survey.Status == keep) return false;
            p.Survey = p.Survey with { Status = status };
            apply(p);
            return true;
        }, ct);
        return result.Status switch
        {
            UpdateStatus.GaveUp => throw new InvalidOperationException(
                $"person {ResidentId.Mask(id)}: the survey result could not be written after {result.Attempts} attempts (conflicts); the activity is retried"),
            UpdateStatus.NotFound => null,
            _ when result.Person is { Survey: { } s } && s.TownshipCode == roster.Township && (s.Status == status || s.Status == keep) => result.Person,
            _ => null,
        };
    }
}
