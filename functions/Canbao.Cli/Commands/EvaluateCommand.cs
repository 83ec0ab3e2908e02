using System.CommandLine;
using System.Text.Json;
using Canbao.Comparison;
using Canbao.Store.Sqlite;

namespace Canbao.Cli.Commands;

/// <summary>
/// <c>canbao evaluate --truth DIR --store FILE [--json]</c>: compares the store after a round with a synthetic city's
/// truth. With --json: <c>{"resolution":{"precision","recall","f1","false_merges",…},"classification":{"accuracy","per_status":{…},…},
/// "truth_persons","truth_persons_in_store"}</c>. When fewer than 1% of the truth's persons are in the store (a store of
/// another city or none) a line on stderr says so and the exit is 2, after the figures.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<DirectoryInfo>("--truth") { Description = "The truth folder (or the city folder holding truth/)", Required = true };
        var store = new Option<FileInfo>("--store") { Description = "SQLite person store file a round wrote", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("evaluate", "Compare a round's persons with a synthetic city's truth (resolution and classification quality)") { truth, store, json };
        command.SetAction(async (parse, ct) =>
        {
            var storeFile = parse.GetValue(store)!;
            if (!storeFile.Exists) { Console.Error.WriteLine($"canbao evaluate: store not found: {storeFile.FullName}"); return 2; }
            var truthDir = parse.GetValue(truth)!.FullName;
            var truthFiles = Directory.Exists(Path.Combine(truthDir, "truth")) ? Path.Combine(truthDir, "truth") : truthDir;
            if (!File.Exists(Path.Combine(truthFiles, "persons.csv")) || !File.Exists(Path.Combine(truthFiles, "rows.csv")))
            {
                Console.Error.WriteLine($"canbao evaluate: --truth {truthDir}: no persons.csv and rows.csv there (the truth/ folder canbao generate writes, or the city folder holding it)");
                return 2;
            }
            EvaluationResult result;
            try { result = await Evaluation.RunAsync(parse.GetValue(truth)!.FullName, new SqlitePersonStore(storeFile.FullName), ct); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Console.Error.WriteLine($"canbao evaluate: {UserMessages.Plain(e)}"); return 2; }
            catch (Microsoft.Data.Sqlite.SqliteException e) { Console.Error.WriteLine($"canbao evaluate: the store {storeFile.FullName} cannot be read as a Canbao SQLite store: {e.Message}"); return 2; }
            // A store of another city's (or no) round scores near zero everywhere: that is a wrong --store or --truth, not a
            // quality figure. The figures are still printed; the exit is 2 as for other unusable input.
            var unrelated = Unrelated(result);
            if (unrelated) Console.Error.WriteLine($"canbao evaluate: the store {storeFile.FullName} holds {result.TruthPersonsInStore:N0} of the truth's {result.TruthPersons:N0} persons: " +
                "it is not the store of a round over this city's drops (check --store and --truth); the figures below do not measure the round");
            var exit = unrelated ? 2 : 0;
            if (parse.GetValue(json)) { Console.WriteLine(JsonSerializer.Serialize(result, RunCommand.Json)); return exit; }
            var r = result.Resolution;
            Console.WriteLine($"resolution: precision {r.Precision:0.0000}, recall {r.Recall:0.0000}, f1 {r.F1:0.0000}, false merges {r.FalseMerges} ({r.RowsEvaluated:N0} rows, {r.RowsExcluded:N0} without usable data)");
            Console.WriteLine($"classification: accuracy {result.Classification.Accuracy:0.0000}");
            foreach (var (status, q) in result.Classification.PerStatus) Console.WriteLine($"  {status,-26} {q.Correct,8:N0} / {q.Count,8:N0}  {q.Accuracy:0.0000}");
            foreach (var (c, n) in result.Classification.Confusions) Console.WriteLine($"  error {c}: {n:N0}");
            Console.WriteLine($"truth persons in the store: {result.TruthPersonsInStore:N0} of {result.TruthPersons:N0}");
            return exit;
        });
        return command;
    }

    /// <summary>True when the truth has persons and fewer than 1% of them are in the store (almost none).</summary>
    internal static bool Unrelated(EvaluationResult result) =>
        result.TruthPersons > 0 && result.TruthPersonsInStore * 100L < result.TruthPersons;
}
