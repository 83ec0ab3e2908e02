using System.Globalization;
using Canbao.Domain.Changes;
using Canbao.Domain.Standard;
using Canbao.Store;

namespace Canbao.Cli.Demo;

/// <summary>
/// Turns a period's change drops into <see cref="ChangeEvent"/>s (动态管理, DESIGN step 4): deaths, migrations in/out
/// (公安), newborns (卫生计生), prison entries/releases (司法), residence permits (公安) and enrollment status changes (社保:
/// the period's enrollment extract compared with the person record; only differing statuses become events).
/// Event ids are <see cref="ChangeEvent.StableId"/> of the feed and the drop row's natural key, so replaying a drop is idempotent.
/// </summary>
public static class ChangeEventsFromDrops
{
    /// <summary>Events from the drops <paramref name="drops"/> (relative to <paramref name="root"/>); rows that name no usable
    /// resident ID or date are counted in <paramref name="unusable"/>.</summary>
    public static async Task<List<ChangeEvent>> ReadAsync(string root, IEnumerable<string> drops, DateOnly date, IPersonStore store, Action<int> unusable, CancellationToken ct)
    {
        var events = new List<ChangeEvent>();
        foreach (var rel in drops)
        {
            var feed = rel.Split('/')[0];
            foreach (var (_, r) in DropTally.UsableRows(root, rel, date))
            {
                var id = r.GetValueOrDefault(StandardFields.ResidentId.Key, "");
                if (id.Length != 18) { unusable(1); continue; }
                var e = feed switch
                {
                    "deaths" => Make(feed, id, ChangeEventKind.Death, r, StandardFields.EventDate.Key),
                    "migrations" => Make(feed, id, Kind(r, "迁入", ChangeEventKind.MigrationIn, "迁出", ChangeEventKind.MigrationOut), r, StandardFields.EventDate.Key),
                    "prisoners" => Make(feed, id, Kind(r, "入监", ChangeEventKind.PrisonEntry, "出监", ChangeEventKind.PrisonRelease), r, StandardFields.EventDate.Key),
                    "newborns" => Make(feed, id, ChangeEventKind.Birth, r, StandardFields.BirthDate.Key),
                    "residence_permit" => Make(feed, id, ChangeEventKind.ResidencePermit, r, StandardFields.EventDate.Key),
                    "enrollment" => await EnrollmentChangeAsync(feed, id, r, date, store, ct),
                    _ => null,
                };
                if (e is null) { if (feed != "enrollment") unusable(1); continue; }
                events.Add(e);
            }
        }
        return events;
    }

    private static ChangeEventKind? Kind(IReadOnlyDictionary<string, string> r, string a, ChangeEventKind ka, string b, ChangeEventKind kb)
    {
        var text = r.GetValueOrDefault(StandardFields.EventKind.Key, "");
        return text.Contains(a, StringComparison.Ordinal) ? ka : text.Contains(b, StringComparison.Ordinal) ? kb : null;
    }

    private static ChangeEvent? Make(string feed, string id, ChangeEventKind? kind, IReadOnlyDictionary<string, string> r, string dateKey)
    {
        if (kind is null || !TryDate(r.GetValueOrDefault(dateKey, ""), out var day)) return null;
        var township = r.GetValueOrDefault(StandardFields.ResidenceTownship.Key, "");
        var moves = kind is ChangeEventKind.MigrationIn or ChangeEventKind.Birth or ChangeEventKind.ResidencePermit;
        return new ChangeEvent
        {
            Id = ChangeEvent.StableId(feed, ChangeEvent.DefaultNaturalKey(id, kind.Value, day)),
            Kind = kind.Value,
            PersonId = id,
            EventDate = day,
            Source = feed,
            HukouAddress = kind == ChangeEventKind.MigrationIn ? NullIfEmpty(r.GetValueOrDefault(StandardFields.HukouAddress.Key)) : null,
            TownshipCode = moves && township.Length == 9 ? township : null,
            DistrictCode = moves && township.Length == 9 ? township[..6] : null,
        };
    }

    private static async Task<ChangeEvent?> EnrollmentChangeAsync(string feed, string id, IReadOnlyDictionary<string, string> r, DateOnly date, IPersonStore store, CancellationToken ct)
    {
        if (!TryType(r.GetValueOrDefault(StandardFields.InsuranceType.Key, ""), out var type)
            || !TryStatus(r.GetValueOrDefault(StandardFields.EnrollmentStatus.Key, ""), out var status)) return null;
        var stored = await store.ReadAsync(id, ct);
        if (stored is null) return null;
        var key = InsuranceVocabulary.Key(type);
        var statusKey = status switch { EnrollmentStatus.Paying => "paying", EnrollmentStatus.Suspended => "suspended", _ => "terminated" };
        var now = stored.Dynamics.Enrollments.FirstOrDefault(f => f.Insurance == type)?.Status is { } fact
            ? fact == status
            : stored.Person.Enrollments.Any(e => e.Insurance == key && e.Status == statusKey);
        if (now) return null;
        return new ChangeEvent
        {
            Id = ChangeEvent.StableId(feed, ChangeEvent.DefaultNaturalKey(id, ChangeEventKind.EnrollmentStatusChange, date, $"{key}={statusKey}")),
            Kind = ChangeEventKind.EnrollmentStatusChange,
            PersonId = id,
            EventDate = date,
            Source = feed,
            Insurance = type,
            Status = status,
        };
    }

    private static bool TryType(string text, out InsuranceType type)
    {
        if (InsuranceVocabulary.TryParseType(text, out type)) return true;
        foreach (var t in InsuranceVocabulary.AllTypes)
            if (InsuranceVocabulary.Key(t) == text || ((int)t).ToString(CultureInfo.InvariantCulture) == text) { type = t; return true; }
        return false;
    }

    private static bool TryStatus(string text, out EnrollmentStatus status)
    {
        if (InsuranceVocabulary.TryParseStatus(text, out status)) return true;
        return Enum.TryParse(text.Replace("_", ""), ignoreCase: true, out status);
    }

    private static bool TryDate(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
        || DateOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
