using System.Globalization;
using Canbao.Store.ChangeFeed;
using Microsoft.Data.Sqlite;

namespace Canbao.Store.Sqlite;

/// <summary>
/// The change-feed consumer's derived data in the store file. Tables: <c>derived_applied(handler, person_id, etag)</c>
/// (the idempotency key: the person version each handler applied last); <c>district_person_stats(person_id, district,
/// coverage, insurances)</c> (what each person contributes) and <c>district_counts(district, dimension, key, persons)</c>
/// (the counts, changed by subtracting the old contribution and adding the new one); <c>survey_work_list(person_id,
/// district, township, reason)</c>; <c>department_lists(person_id, feed_id, finding, department, name, detail)</c>;
/// <c>parked_changes</c>. Each apply call is one IMMEDIATE transaction: the effect and the marker commit together, so a
/// crash leaves either both or neither.
/// </summary>
public sealed class SqliteDerivedDataStore : IDerivedDataStore, IParkedChanges
{
    private readonly SqliteDb _db;

    /// <summary>Opens (creating the tables when missing) the derived data in the file at <paramref name="path"/>.</summary>
    public SqliteDerivedDataStore(string path)
    {
        _db = new SqliteDb(path);
        using var c = _db.Open();
        SqliteDb.Exec(c, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS derived_applied(handler TEXT NOT NULL, person_id TEXT NOT NULL, etag TEXT NOT NULL,
              PRIMARY KEY(handler, person_id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS district_person_stats(person_id TEXT PRIMARY KEY, district TEXT NOT NULL, coverage TEXT NOT NULL,
              insurances TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS district_counts(district TEXT NOT NULL, dimension TEXT NOT NULL, key TEXT NOT NULL,
              persons INTEGER NOT NULL, PRIMARY KEY(district, dimension, key)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS survey_work_list(person_id TEXT PRIMARY KEY, district TEXT NOT NULL, township TEXT NOT NULL,
              reason TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS department_lists(person_id TEXT NOT NULL, feed_id TEXT NOT NULL, finding TEXT NOT NULL,
              department TEXT NOT NULL, name TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY(person_id, feed_id, finding)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS parked_changes(consumer TEXT NOT NULL, handler TEXT NOT NULL, person_id TEXT NOT NULL,
              etag TEXT NOT NULL, error TEXT NOT NULL, attempts INTEGER NOT NULL, parked_at TEXT NOT NULL,
              PRIMARY KEY(consumer, handler, person_id, etag));
            """);
    }

    /// <summary>Runs <paramref name="apply"/> for each item not applied yet by <paramref name="handler"/> (marker ETag
    /// differs), then stores the marker; one transaction. Returns how many were applied.</summary>
    private int Apply<T>(string handler, IReadOnlyList<Derived<T>> items, Action<Statements, Derived<T>> apply)
    {
        using var c = _db.Open();
        using var tx = c.BeginTransaction();
        using var statements = new Statements(c, tx);
        var marker = statements.Get("SELECT etag FROM derived_applied WHERE handler = $h AND person_id = $p", "$h", "$p");
        var mark = statements.Get("INSERT INTO derived_applied(handler, person_id, etag) VALUES ($h, $p, $e) ON CONFLICT DO UPDATE SET etag = excluded.etag", "$h", "$p", "$e");
        var applied = 0;
        foreach (var item in items)
        {
            marker.Parameters["$h"].Value = handler;
            marker.Parameters["$p"].Value = item.PersonId;
            if (marker.ExecuteScalar() is string done && done == item.ETag) continue;
            apply(statements, item);
            mark.Parameters["$h"].Value = handler;
            mark.Parameters["$p"].Value = item.PersonId;
            mark.Parameters["$e"].Value = item.ETag;
            mark.ExecuteNonQuery();
            applied++;
        }
        tx.Commit();
        return applied;
    }

    /// <summary>The prepared statements of one transaction, each prepared on first use and reused for every item.</summary>
    private sealed class Statements(SqliteConnection c, SqliteTransaction tx) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

        public SqliteCommand Get(string sql, params string[] parameters)
        {
            if (_prepared.TryGetValue(sql, out var cmd)) return cmd;
            cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            foreach (var p in parameters) cmd.Parameters.Add(p, p == "$n" ? SqliteType.Integer : SqliteType.Text);
            cmd.Prepare();
            return _prepared[sql] = cmd;
        }

        public void Dispose()
        {
            foreach (var cmd in _prepared.Values) cmd.Dispose();
        }
    }

    /// <inheritdoc />
    public Task<int> ApplyStatisticsAsync(IReadOnlyList<Derived<StatisticsContribution>> items, CancellationToken ct = default)
        => Task.FromResult(Apply("district_statistics", items, (st, item) =>
        {
            var old = st.Get("DELETE FROM district_person_stats WHERE person_id = $p RETURNING district, coverage, insurances", "$p");
            old.Parameters["$p"].Value = item.PersonId;
            (string District, string Coverage, string Insurances)? previous = null;
            using (var r = old.ExecuteReader())
                if (r.Read()) previous = (r.GetString(0), r.GetString(1), r.GetString(2));
            if (previous is { } o) Count(st, o.District, o.Coverage, o.Insurances, -1);
            var v = item.Value;
            var insurances = string.Join(',', v.PayingInsurances);
            var add = st.Get("INSERT INTO district_person_stats(person_id, district, coverage, insurances) VALUES ($p, $d, $c, $i)", "$p", "$d", "$c", "$i");
            add.Parameters["$p"].Value = item.PersonId;
            add.Parameters["$d"].Value = v.DistrictCode;
            add.Parameters["$c"].Value = v.Coverage;
            add.Parameters["$i"].Value = insurances;
            add.ExecuteNonQuery();
            Count(st, v.DistrictCode, v.Coverage, insurances, +1);
        }));

    private static void Count(Statements st, string district, string coverage, string insurances, int delta)
    {
        var cmd = st.Get("""
            INSERT INTO district_counts(district, dimension, key, persons) VALUES ($d, $dim, $k, $n)
            ON CONFLICT DO UPDATE SET persons = persons + excluded.persons
            """, "$d", "$dim", "$k", "$n");
        cmd.Parameters["$n"].Value = delta;
        cmd.Parameters["$d"].Value = district;
        void One(string dimension, string key)
        {
            cmd.Parameters["$dim"].Value = dimension;
            cmd.Parameters["$k"].Value = key;
            cmd.ExecuteNonQuery();
        }
        One("coverage", coverage);
        foreach (var insurance in insurances.Split(',', StringSplitOptions.RemoveEmptyEntries)) One("insurance", insurance);
    }

    /// <inheritdoc />
    public Task<int> ApplySurveyAsync(IReadOnlyList<Derived<SurveyWorkItem?>> items, CancellationToken ct = default)
        => Task.FromResult(Apply("survey_work_list", items, (st, item) =>
        {
            if (item.Value is not { } w)
            {
                var del = st.Get("DELETE FROM survey_work_list WHERE person_id = $p", "$p");
                del.Parameters["$p"].Value = item.PersonId;
                del.ExecuteNonQuery();
                return;
            }
            var up = st.Get("""
                INSERT INTO survey_work_list(person_id, district, township, reason) VALUES ($p, $d, $t, $r)
                ON CONFLICT DO UPDATE SET district = excluded.district, township = excluded.township, reason = excluded.reason
                """, "$p", "$d", "$t", "$r");
            up.Parameters["$p"].Value = item.PersonId;
            up.Parameters["$d"].Value = w.DistrictCode;
            up.Parameters["$t"].Value = w.TownshipCode;
            up.Parameters["$r"].Value = w.Reason;
            up.ExecuteNonQuery();
        }));

    /// <inheritdoc />
    public Task<int> ApplyDepartmentListsAsync(IReadOnlyList<Derived<IReadOnlyList<DepartmentListEntry>>> items, CancellationToken ct = default)
        => Task.FromResult(Apply("department_lists", items, (st, item) =>
        {
            var del = st.Get("DELETE FROM department_lists WHERE person_id = $p", "$p");
            del.Parameters["$p"].Value = item.PersonId;
            del.ExecuteNonQuery();
            if (item.Value.Count == 0) return;
            var ins = st.Get("""
                INSERT INTO department_lists(person_id, feed_id, finding, department, name, detail) VALUES ($p, $f, $x, $d, $n, $t)
                ON CONFLICT DO UPDATE SET department = excluded.department, name = excluded.name, detail = excluded.detail
                """, "$p", "$f", "$x", "$d", "$n", "$t");
            foreach (var e in item.Value)
            {
                ins.Parameters["$p"].Value = item.PersonId;
                ins.Parameters["$f"].Value = e.FeedId;
                ins.Parameters["$x"].Value = e.Finding;
                ins.Parameters["$d"].Value = e.Department;
                ins.Parameters["$n"].Value = e.Name;
                ins.Parameters["$t"].Value = e.Detail;
                ins.ExecuteNonQuery();
            }
        }));

    /// <inheritdoc />
    public Task<IReadOnlyList<DistrictCount>> ReadDistrictStatisticsAsync(CancellationToken ct = default)
        => Task.FromResult(Query("SELECT district, dimension, key, persons FROM district_counts WHERE persons <> 0 ORDER BY district, dimension, key",
            r => new DistrictCount(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3))));

    /// <inheritdoc />
    public Task<IReadOnlyList<SurveyWorkItem>> ReadSurveyWorkListAsync(CancellationToken ct = default)
        => Task.FromResult(Query("SELECT person_id, district, township, reason FROM survey_work_list ORDER BY township, person_id",
            r => new SurveyWorkItem(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3))));

    /// <inheritdoc />
    public Task<IReadOnlyList<DepartmentListEntry>> ReadDepartmentListsAsync(CancellationToken ct = default)
        => Task.FromResult(Query("SELECT department, feed_id, person_id, name, finding, detail FROM department_lists ORDER BY department, feed_id, person_id, finding",
            r => new DepartmentListEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5))));

    /// <inheritdoc />
    public Task ParkAsync(ParkedChange parked, CancellationToken ct = default)
    {
        using var c = _db.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO parked_changes(consumer, handler, person_id, etag, error, attempts, parked_at) VALUES ($c, $h, $p, $e, $x, $a, $t)
            ON CONFLICT DO UPDATE SET error = excluded.error, attempts = excluded.attempts, parked_at = excluded.parked_at
            """;
        cmd.Parameters.AddWithValue("$c", parked.Consumer);
        cmd.Parameters.AddWithValue("$h", parked.Handler);
        cmd.Parameters.AddWithValue("$p", parked.PersonId);
        cmd.Parameters.AddWithValue("$e", parked.ETag);
        cmd.Parameters.AddWithValue("$x", parked.Error);
        cmd.Parameters.AddWithValue("$a", parked.Attempts);
        cmd.Parameters.AddWithValue("$t", parked.ParkedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ParkedChange>> ReadParkedAsync(CancellationToken ct = default)
        => Task.FromResult(Query("SELECT consumer, handler, person_id, etag, error, attempts, parked_at FROM parked_changes ORDER BY parked_at, person_id",
            r => new ParkedChange(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
                DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))));

    private IReadOnlyList<T> Query<T>(string sql, Func<SqliteDataReader, T> map)
    {
        using var c = _db.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }
}
