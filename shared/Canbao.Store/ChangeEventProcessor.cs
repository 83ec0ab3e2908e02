using System.Collections.Concurrent;
using Canbao.Domain.Changes;

namespace Canbao.Store;

/// <summary>One line of a <see cref="ChangeReport"/>.</summary>
/// <param name="EventId">Stable event id.</param>
/// <param name="PersonId">Resident ID (mask before printing).</param>
/// <param name="Kind">Event kind.</param>
/// <param name="Outcome">What happened (<see cref="ChangeOutcome.Parked"/> also for dead-lettered events).</param>
/// <param name="Reason">Why.</param>
/// <param name="Conflicts">412 responses met while writing it.</param>
/// <param name="SurveyNeeded">True when the person is (now) on the survey list.</param>
/// <param name="ClosesSurveyTasks">True when open survey tasks of the person must be closed.</param>
public sealed record ChangeReportLine(string EventId, string PersonId, ChangeEventKind Kind, ChangeOutcome Outcome, string Reason,
    int Conflicts, bool SurveyNeeded, bool ClosesSurveyTasks);

/// <summary>What applying a batch of change events did; every event given has exactly one line.</summary>
/// <param name="Lines">One line per event, grouped by person, in event order within a person.</param>
public sealed record ChangeReport(IReadOnlyList<ChangeReportLine> Lines)
{
    /// <summary>Events that changed a person (applied or created).</summary>
    public int Applied => Lines.Count(l => l.Outcome is ChangeOutcome.Applied or ChangeOutcome.Created);
    /// <summary>Events that changed nothing (already applied or superseded).</summary>
    public int Skipped => Lines.Count(l => l.Outcome is ChangeOutcome.AlreadyApplied or ChangeOutcome.Superseded);
    /// <summary>Events parked for review (no master record, missing data, dead-lettered after conflicts).</summary>
    public int Parked => Lines.Count(l => l.Outcome == ChangeOutcome.Parked);
}

/// <summary>
/// Applies change events through an <see cref="IPersonStore"/>: per person in <see cref="ChangeEvent.Order"/>, each as a
/// read-modify-write with If-Match (<see cref="PersonUpdater"/>) running <see cref="ChangeApplier.Apply"/>, then logs
/// it (<see cref="IPersonStore.LogEventAsync"/>). Idempotent: delivering a batch twice changes nothing the second time.
/// A report about an unknown person is parked ("no master record"); only a birth creates a record. After
/// <c>maxAttempts</c> conflicts an event is parked as dead-lettered.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="maxAttempts">Write attempts per event before dead-lettering (default 10).</param>
/// <param name="parallelism">Persons processed at once (events of one person are always sequential).</param>
public sealed class ChangeEventProcessor(IPersonStore store, int maxAttempts = 10, int parallelism = 4)
{
    private readonly PersonUpdater _updater = new(store, maxAttempts);

    /// <summary>Applies <paramref name="events"/>; returns one report line per event.</summary>
    public async Task<ChangeReport> ApplyAsync(IEnumerable<ChangeEvent> events, CancellationToken ct = default)
    {
        var byPerson = events.GroupBy(e => e.PersonId, StringComparer.Ordinal).ToList();
        var lines = new ConcurrentDictionary<string, List<ChangeReportLine>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(byPerson, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (group, token) =>
            {
                var list = new List<ChangeReportLine>();
                foreach (var e in group.OrderBy(x => x, ChangeEvent.Order))
                    list.Add(await ApplyOneAsync(e, token).ConfigureAwait(false));
                lines[group.Key] = list;
            }).ConfigureAwait(false);
        return new ChangeReport(byPerson.SelectMany(g => lines[g.Key]).ToList());
    }

    /// <summary>Applies one event (read-modify-write with retries) and logs it; returns its report line.</summary>
    public async Task<ChangeReportLine> ApplyOneAsync(ChangeEvent e, CancellationToken ct = default)
    {
        for (var round = 0; round < 2; round++)
        {
            ApplyResult? result = null;
            PersonDynamics? dyn = null;
            var update = await _updater.UpdateAsync(e.PersonId, (p, d) =>
            {
                result = ChangeApplier.Apply(p, d, e);
                dyn = d;
                return result.MustWrite;
            }, ct).ConfigureAwait(false);

            switch (update.Status)
            {
                case UpdateStatus.Written:
                case UpdateStatus.NoChange:
                    if (result!.MustWrite)
                        await LogAsync(e, result.Outcome, ct).ConfigureAwait(false);
                    return Line(e, result, update.Conflicts, dyn!);
                case UpdateStatus.GaveUp:
                    return new ChangeReportLine(e.Id, e.PersonId, e.Kind, ChangeOutcome.Parked,
                        $"dead-lettered: {update.Conflicts} ETag conflicts (412) in {_updater.MaxAttempts} attempts", update.Conflicts, false, false);
                case UpdateStatus.NotFound:
                    var fresh = new PersonDynamics();
                    var created = ChangeApplier.Apply(null, fresh, e);
                    if (created.Outcome != ChangeOutcome.Created)
                        return Line(e, created, update.Conflicts, fresh);
                    try
                    {
                        await store.CreateAsync(created.Person!, fresh, ct).ConfigureAwait(false);
                        await LogAsync(e, created.Outcome, ct).ConfigureAwait(false);
                        return Line(e, created, update.Conflicts, fresh);
                    }
                    catch (PersonAlreadyExistsException)
                    {
                        continue; // created concurrently: apply to the existing record instead
                    }
            }
        }
        return new ChangeReportLine(e.Id, e.PersonId, e.Kind, ChangeOutcome.Parked, "record appeared and vanished while applying", 0, false, false);
    }

    private Task<bool> LogAsync(ChangeEvent e, ChangeOutcome outcome, CancellationToken ct)
        => store.LogEventAsync(new EventLogEntry(e.PersonId, e.Id, e.Kind, e.EventDate, e.Source, outcome, DateTimeOffset.UtcNow), ct);

    private static ChangeReportLine Line(ChangeEvent e, ApplyResult r, int conflicts, PersonDynamics d)
        => new(e.Id, e.PersonId, e.Kind, r.Outcome, r.Reason, conflicts, d.SurveyNeeded && r.Outcome != ChangeOutcome.Parked, r.ClosesSurveyTasks);
}
