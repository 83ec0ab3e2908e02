using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Canbao.Comparison;
using Canbao.Domain.Identifiers;
using Canbao.Store.Sqlite;

namespace Canbao.Cli.Commands;

/// <summary>
/// <c>canbao run --drops DIR --store FILE [--out DIR] [--date yyyy-MM-dd] [--partitions N] [--json]</c>: one comparison
/// round over every drop in DIR into the SQLite person store FILE; outputs (lists, rosters, problems, statistics) in
/// --out (default: beside the store, its name with <c>.round</c>: <c>/data/city.db</c> → <c>/data/city.round/</c>).
/// A folder with no drops in feed folders is refused (exit 2: "no drops found in DIR"). With --json one object:
/// <c>{"round","persons","changed_persons","coverage":{…},"survey_tasks","rejected_rows","outputs":{…},"elapsed_s"}</c>.
/// </summary>
public static class RunCommand
{
    /// <summary>Serializer for the JSON outputs (snake_case, Chinese unescaped).</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static Command Create()
    {
        var drops = new Option<DirectoryInfo>("--drops") { Description = "Folder of drops: <feed>/<file> (or a city folder holding drops/)", Required = true };
        var store = new Option<FileInfo>("--store") { Description = "SQLite person store file (created when missing)", Required = true };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder for the round's lists (default: beside the store, named after it: city.db -> city.round/)" };
        var date = new Option<string?>("--date") { Description = "Round date yyyy-MM-dd (ages, ID birth-date checks); default: the latest period in the drops' names, else today" };
        var partitions = new Option<int>("--partitions") { Description = "Partitions (by resident-ID hash); a large city uses up to 8 times as many so one holds at most 150,000 rows", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("run", "Run a comparison round (数据比对) over the drops into the person store") { drops, store, output, date, partitions, json };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(drops)!.FullName;
            if (!Directory.Exists(dir)) { Console.Error.WriteLine($"canbao run: drops folder not found: {dir}"); return 2; }
            if (!DropSource.Files(dir).Any(DropSource.IsDrop)) { Console.Error.WriteLine($"canbao run: no drops found in {dir} (expected <feed>/<file>, or drops/<feed>/<file>)"); return 2; }
            DateOnly day;
            var dateText = parse.GetValue(date);
            if (dateText is not null)
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
                { Console.Error.WriteLine($"canbao run: --date '{dateText}' is not yyyy-MM-dd"); return 2; }
            }
            else day = DefaultDate(dir);
            var account = new DropAccount();
            var storePath = parse.GetValue(store)!.FullName;
            var outDir = parse.GetValue(output)?.FullName ?? DefaultOutputs(storePath);
            if (!Directory.Exists(Path.GetDirectoryName(storePath))) { Console.Error.WriteLine($"canbao run: the store's folder does not exist: {Path.GetDirectoryName(storePath)}"); return 2; }
            try { Directory.CreateDirectory(outDir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            { Console.Error.WriteLine($"canbao run: --out {outDir} cannot be created: {UserMessages.Plain(e)}"); return 2; }
            SqlitePersonStore personStore;
            try { personStore = new SqlitePersonStore(storePath); }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            { Console.Error.WriteLine($"canbao run: {storePath} cannot be opened as a Canbao SQLite store: {e.Message}"); return 2; }
            var round = new ComparisonRound(personStore, new RoundOptions($"round-{day:yyyy-MM-dd}", day, Math.Max(1, parse.GetValue(partitions))));
            RoundSummary summary;
            try { summary = await round.RunAsync(DropSource.Read(dir, day, account), 0, outDir, account.FileErrors, ct); }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            { Console.Error.WriteLine($"canbao run: the store {parse.GetValue(store)!.FullName} cannot be opened or written as a Canbao SQLite store: {e.Message}"); return 2; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            { Console.Error.WriteLine($"canbao run: {UserMessages.Plain(e)} (drops from --drops {dir}, outputs to --out {outDir})"); return 2; }
            summary = summary with { RejectedRows = summary.RejectedRows + account.Rejected, Detail = summary.Detail! with { RowsRead = account.Rows } };
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, Json));
                return 0;
            }
            Console.WriteLine($"round {summary.Round}: {account.Drops} drops, {account.Rows:N0} person rows ({account.Rejected:N0} rejected by the readers)");
            var d = summary.Detail!;
            Console.WriteLine($"  resolved: {d.Resolution.ById:N0} by resident ID, {d.Resolution.Upgraded:N0} 15-digit upgraded, {d.Resolution.Linked:N0} linked by weights, " +
                $"{d.Resolution.PossibleMatches:N0} possible matches (review), {d.Resolution.Unlinked:N0} unlinked");
            Console.WriteLine($"  persons {summary.Persons:N0}, changed {summary.ChangedPersons:N0}, survey tasks {summary.SurveyTasks:N0}, rows not used {summary.RejectedRows:N0}");
            foreach (var (status, n) in summary.Coverage) Console.WriteLine($"    {status,-26} {n,10:N0}");
            foreach (var (kind, n) in d.Problems) Console.WriteLine($"  problems: {kind} {n:N0}");
            foreach (var e in d.FileErrors) Console.WriteLine($"  file error: {e}");
            Console.WriteLine($"  seconds: {string.Join(", ", d.Timings.Select(t => $"{t.Key} {t.Value.ToString("F1", CultureInfo.InvariantCulture)}"))}");
            if (d.Gc is { } gc)
                Console.WriteLine(FormattableString.Invariant($"  garbage collector: {gc.PauseS:F1} s paused, {gc.Gen0} collections ({gc.Gen2} full), {gc.AllocatedGb:F1} GB allocated"));
            Console.WriteLine($"  outputs in {outDir} ({summary.ElapsedS.ToString("F1", CultureInfo.InvariantCulture)} s)");
            return 0;
        });
        return command;
    }

    /// <summary>The default output folder: beside the store file, named after it with <c>.round</c> (<c>/data/city.db</c> → <c>/data/city.round</c>).</summary>
    internal static string DefaultOutputs(string storePath) => Path.ChangeExtension(storePath, null) + ".round";

    /// <summary>The last day of the latest yyyy-MM period found in the drops' file names; today when none.</summary>
    private static DateOnly DefaultDate(string dir)
    {
        var latest = Directory.EnumerateFiles(DropSource.Root(dir), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(f))
            .Where(n => n.Length >= 7 && DateOnly.TryParseExact(n[..7] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .Select(n => n[..7]).DefaultIfEmpty("").Max(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(latest)) return DateOnly.FromDateTime(DateTime.Today);
        var first = DateOnly.ParseExact(latest + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return first.AddMonths(1).AddDays(-1);
    }

    /// <summary>Masks an ID for console messages.</summary>
    internal static string Mask(string id) => ResidentId.Mask(id);
}
