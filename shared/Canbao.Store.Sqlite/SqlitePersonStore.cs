using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using Canbao.Domain.Changes;
using Canbao.Domain.Persons;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Canbao.Store.Sqlite;

/// <summary>
/// <see cref="IPersonStore"/> on one SQLite file (WAL, synchronous=NORMAL), the embedded default. Tables:
/// <c>persons</c> (id, district, township, coverage, content_hash, version, last_seq, json, dynamics) indexed by
/// (district, coverage) and by <c>last_seq</c>, which is the change feed: every write stores the next sequence number
/// (one past the highest) as the person's <c>last_seq</c> in the same row, so the feed (<c>last_seq</c> order) holds the
/// latest version of each person in write order, a committed person always has its feed entry, and a sequence number
/// is never reused. (Until 2026-11 a trigger appended a <c>change_log</c> table; it cost two thirds of a bulk insert and
/// repeated what the index holds, so opening an older file drops it.) <c>event_log</c>
/// (person_id, event_id) primary key. <c>persons</c> is a rowid table with a unique index on id: its documents are a
/// few kilobytes, and a WITHOUT ROWID table (clustered on id) doubled the file and the insert time for such rows
/// (SQLite's own advice: WITHOUT ROWID suits rows under a twentieth of a page). Documents are stored as
/// <see cref="PersonJson"/> with non-ASCII letters unescaped (<see cref="PersonJson.Compact"/>), half the bytes of \uXXXX escapes.
/// A first load (a bulk write of ≥ 1,000 persons into an empty <c>persons</c>) creates the two secondary indexes after
/// its rows, inside its transaction. The ETag is the row's version number, quoted. Thread-safe: each call opens a
/// pooled connection; writes run in IMMEDIATE transactions, which SQLite serializes (busy timeout 30 s).
/// </summary>
public sealed class SqlitePersonStore : IPersonStore
{
    private readonly string _connectionString;

    /// <summary>The indexes beside the unique id index: district views and the change feed.</summary>
    private const string SecondaryIndexes = """
        CREATE INDEX IF NOT EXISTS persons_district ON persons(district, coverage);
        CREATE INDEX IF NOT EXISTS persons_feed ON persons(last_seq);
        """;

    /// <summary>A bulk write of at least this many persons into an empty table builds the secondary indexes after the rows.</summary>
    private const int FirstLoadPersons = 1000;

    /// <summary>Persons serialized per chunk when a bulk write serializes one chunk ahead on a second thread.</summary>
    private const int SerializeAheadPersons = 1024;

    private static byte[] Serialize(PersonRecord person) => JsonSerializer.SerializeToUtf8Bytes(person, PersonJson.Compact);

    private static byte[] Serialize(PersonDynamics dynamics) => JsonSerializer.SerializeToUtf8Bytes(dynamics, PersonJson.Compact);

    /// <summary>Opens (creating when missing) the store in the file at <paramref name="path"/>.</summary>
    public SqlitePersonStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        // 16 KB pages (a new file only): documents of 2–3 KB fill them well, where a 4 KB page holds one and wastes the rest.
        Exec(c, """
            PRAGMA page_size=16384;
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS persons(
              id TEXT PRIMARY KEY, district TEXT NOT NULL, township TEXT NOT NULL, coverage TEXT NOT NULL,
              content_hash TEXT NOT NULL, version INTEGER NOT NULL, last_seq INTEGER NOT NULL, json BLOB NOT NULL, dynamics BLOB);
            """);
        // A first load drops and re-creates these inside its transaction (a crash rolls the drop back); IF NOT EXISTS
        // would also restore them on opening.
        Exec(c, SecondaryIndexes);
        Exec(c, """
            DROP TRIGGER IF EXISTS persons_logged_insert;
            DROP TRIGGER IF EXISTS persons_logged_update;
            DROP TABLE IF EXISTS change_log;
            CREATE TABLE IF NOT EXISTS event_log(
              person_id TEXT NOT NULL, event_id TEXT NOT NULL, kind TEXT NOT NULL, event_date TEXT NOT NULL,
              source TEXT NOT NULL, outcome TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY(person_id, event_id)) WITHOUT ROWID;
            """);
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Exec(c, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    private static long? ParseETag(string etag)
        => long.TryParse(etag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <inheritdoc />
    public Task<StoredPerson?> ReadAsync(string id, CancellationToken ct = default)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT json, dynamics, version FROM persons WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? ReadStored(r, 0) : null);
    }

    /// <inheritdoc />
    /// <remarks>One query per 1,000 IDs (the IDs passed as one JSON array parameter, joined through <c>json_each</c>; at
    /// 1,000 the parameter stays below the large-object heap's 85,000 bytes, whose allocations bring on full collections).</remarks>
    public Task<IReadOnlyDictionary<string, StoredPerson>> ReadManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        var found = new Dictionary<string, StoredPerson>(StringComparer.Ordinal);
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT p.id, p.json, p.dynamics, p.version FROM json_each($ids) AS j JOIN persons AS p ON p.id = j.value";
        var pIds = cmd.Parameters.Add("$ids", SqliteType.Text);
        foreach (var batch in ids.Chunk(1000))
        {
            ct.ThrowIfCancellationRequested();
            pIds.Value = System.Text.Json.JsonSerializer.Serialize(batch);
            using var r = cmd.ExecuteReader();
            while (r.Read()) found[r.GetString(0)] = ReadStored(r, 1);
        }
        return Task.FromResult<IReadOnlyDictionary<string, StoredPerson>>(found);
    }

    private static StoredPerson ReadStored(SqliteDataReader r, int first)
        => new(PersonJson.DeserializePerson((byte[])r[first]),
               r.IsDBNull(first + 1) ? new PersonDynamics() : PersonJson.DeserializeDynamics((byte[])r[first + 1]),
               ETag(r.GetInt64(first + 2)));

    /// <inheritdoc />
    public async IAsyncEnumerable<PersonRecord> QueryDistrictAsync(string districtCode, CoverageStatus? coverage = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = coverage is null
            ? "SELECT json FROM persons WHERE district = $d ORDER BY id"
            : "SELECT json FROM persons WHERE district = $d AND coverage = $c ORDER BY id";
        cmd.Parameters.AddWithValue("$d", districtCode);
        if (coverage is { } cov) cmd.Parameters.AddWithValue("$c", PersonJson.CoverageKey(cov));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            yield return PersonJson.DeserializePerson((byte[])r[0]);
    }

    /// <inheritdoc />
    public Task<string> CreateAsync(PersonRecord person, PersonDynamics dynamics, CancellationToken ct = default)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO persons(id, district, township, coverage, content_hash, version, last_seq, json, dynamics)
            VALUES ($id, $d, $t, $c, $h, 1, $seq, $j, $dyn) ON CONFLICT(id) DO NOTHING
            """;
        Bind(cmd, person);
        var seq = NextSeq(c);
        cmd.Parameters.AddWithValue("$seq", seq);
        cmd.Parameters.AddWithValue("$dyn", Serialize(dynamics));
        if (cmd.ExecuteNonQuery() == 0) throw new PersonAlreadyExistsException(person.Id);
        tx.Commit();
        return Task.FromResult(ETag(1));
    }

    /// <inheritdoc />
    public Task<string> ReplaceAsync(PersonRecord person, PersonDynamics dynamics, string ifMatchETag, CancellationToken ct = default)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            UPDATE persons SET district = $d, township = $t, coverage = $c, content_hash = $h, version = version + 1,
              last_seq = $seq, json = $j, dynamics = $dyn
            WHERE id = $id AND version = $v RETURNING version
            """;
        Bind(cmd, person);
        cmd.Parameters.AddWithValue("$dyn", Serialize(dynamics));
        cmd.Parameters.AddWithValue("$v", ParseETag(ifMatchETag) ?? -1);
        var seq = NextSeq(c);
        cmd.Parameters.AddWithValue("$seq", seq);
        var version = cmd.ExecuteScalar();
        if (version is null)
        {
            using var exists = c.CreateCommand();
            exists.CommandText = "SELECT 1 FROM persons WHERE id = $id";
            exists.Parameters.AddWithValue("$id", person.Id);
            if (exists.ExecuteScalar() is null) throw new PersonNotFoundException(person.Id);
            throw new ETagConflictException(person.Id);
        }
        tx.Commit();
        return Task.FromResult(ETag((long)version));
    }

    private static void Bind(SqliteCommand cmd, PersonRecord p)
    {
        cmd.Parameters.AddWithValue("$id", p.Id);
        cmd.Parameters.AddWithValue("$d", p.DistrictCode);
        cmd.Parameters.AddWithValue("$t", p.TownshipCode);
        cmd.Parameters.AddWithValue("$c", PersonJson.CoverageKey(p.Coverage));
        cmd.Parameters.AddWithValue("$h", p.ContentHash);
        cmd.Parameters.AddWithValue("$j", Serialize(p));
    }

    /// <summary>The next change-feed sequence number (one past the highest <c>last_seq</c>, an index lookup); call inside the
    /// (IMMEDIATE, so exclusive) write transaction.</summary>
    private static long NextSeq(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(last_seq), 0) + 1 FROM persons";
        return (long)cmd.ExecuteScalar()!;
    }



    /// <inheritdoc />
    /// <remarks>One IMMEDIATE transaction and one upsert statement, prepared once and stepped per person through the
    /// SQLite C API (SQLitePCL.raw: parameters bound by position from UTF-8 spans, the JSON written into reused
    /// buffers): 20–30 % less CPU than Microsoft.Data.Sqlite's per-call binding. From 2,048 persons a second thread
    /// serializes the next 1,024 while this one writes (<see cref="StepSerializedAhead"/>); a first load into an empty
    /// table builds the secondary indexes after the rows (<see cref="Bulk"/>). The row's <c>last_seq</c> (its place in the
    /// feed index) is written by the same statement as the row, so no commit holds a person without its feed entry.
    /// Persons with an empty content hash are always written.</remarks>
    /// <exception cref="SqliteException">SQLite failed; nothing of the call is committed.</exception>
    public Task<BulkWriteResult> WriteChangedAsync(IReadOnlyCollection<PersonRecord> persons, CancellationToken ct = default)
        => Task.FromResult(Write(persons, null, ct));

    /// <inheritdoc />
    /// <remarks>The same prepared upsert with the version read as its condition (<c>persons.version = ?8</c>; −1 for a
    /// person that had no record, so an insert meets no row and an existing row never matches). A person the statement
    /// did not change is looked up: stored version still the one read → unchanged (same content hash), else an
    /// <see cref="IPersonStore.ETagConflictReason"/> failure. Nothing of an unconditional write is added to the hot loop
    /// (?8 bound NULL).</remarks>
    /// <exception cref="SqliteException">SQLite failed; nothing of the call is committed.</exception>
    public Task<BulkWriteResult> WriteChangedIfMatchAsync(IReadOnlyCollection<PersonRecord> persons, IReadOnlyDictionary<string, string> readETags, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(readETags);
        return Task.FromResult(Write(persons, readETags, ct));
    }

    /// <inheritdoc />
    /// <remarks>The same prepared upsert as <see cref="WriteChangedIfMatchAsync"/> with each document's bytes bound as they
    /// are: no serialization inside the write transaction.</remarks>
    /// <exception cref="SqliteException">SQLite failed; nothing of the call is committed.</exception>
    public Task<BulkWriteResult> WriteDocumentsIfMatchAsync(IReadOnlyList<PersonDocument> documents, IReadOnlyDictionary<string, string> readETags, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(readETags);
        return Task.FromResult(Bulk(documents.Count, readETags, upsert =>
        {
            foreach (var d in documents)
            {
                ct.ThrowIfCancellationRequested();
                upsert.Step(d.Id, d.DistrictCode, d.TownshipCode, d.Coverage, d.ContentHash, d.Json.Span);
            }
        }));
    }

    private BulkWriteResult Write(IReadOnlyCollection<PersonRecord> persons, IReadOnlyDictionary<string, string>? readETags, CancellationToken ct)
        => Bulk(persons.Count, readETags, upsert =>
        {
            if (persons.Count < 2 * SerializeAheadPersons)
            {
                using var json = new JsonChunk();
                foreach (var p in persons)
                {
                    ct.ThrowIfCancellationRequested();
                    json.Clear();
                    json.Add(p);
                    upsert.Step(p.Id, p.DistrictCode, p.TownshipCode, p.Coverage, p.ContentHash, json.Json(0));
                }
                return;
            }
            StepSerializedAhead(persons, upsert, ct);
        });

    /// <summary>
    /// Steps the upsert over <paramref name="persons"/> while a second thread serializes them in chunks of
    /// <see cref="SerializeAheadPersons"/>, up to two chunks ahead (three chunks take turns): on two cores the JSON leaves the
    /// writer's path. A serialization error is rethrown here after the writer stops, so the
    /// caller's transaction rolls back; a write error stops the serializing thread before it leaves.
    /// </summary>
    private static void StepSerializedAhead(IReadOnlyCollection<PersonRecord> persons, BulkUpsert upsert, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var ready = new BlockingCollection<JsonChunk>(2);
        using var free = new BlockingCollection<JsonChunk>();
        JsonChunk[] chunks = [new(), new(), new()];
        foreach (var c in chunks) free.Add(c);
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                var chunk = free.Take(stop.Token);
                foreach (var p in persons)
                {
                    chunk.Add(p);
                    if (chunk.Count == SerializeAheadPersons) { ready.Add(chunk, stop.Token); chunk = free.Take(stop.Token); }
                }
                if (chunk.Count > 0) ready.Add(chunk, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e) { failure = e; }
            finally { ready.CompleteAdding(); }
        }) { IsBackground = true, Name = "canbao-store-json" };
        producer.Start();
        try
        {
            foreach (var chunk in ready.GetConsumingEnumerable(ct))
            {
                for (var i = 0; i < chunk.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    var p = chunk.Persons[i];
                    upsert.Step(p.Id, p.DistrictCode, p.TownshipCode, p.Coverage, p.ContentHash, chunk.Json(i));
                }
                chunk.Clear();
                free.Add(chunk);
            }
        }
        finally
        {
            stop.Cancel();
            producer.Join();
            foreach (var c in chunks) c.Dispose();
        }
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        ct.ThrowIfCancellationRequested(); // the serializing thread stops quietly on cancellation: never commit a part
    }

    /// <summary>Persons and their compact JSON (<see cref="PersonJson.Compact"/>) written end to end into one reused buffer.</summary>
    private sealed class JsonChunk : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(16384);
        private readonly Utf8JsonWriter _writer;
        private readonly List<int> _ends = [];

        public JsonChunk() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = PersonJson.Compact.Encoder, SkipValidation = true });

        public List<PersonRecord> Persons { get; } = [];
        public int Count => Persons.Count;

        public void Add(PersonRecord person)
        {
            _writer.Reset();
            PersonJsonWriter.Write(_writer, person);
            Persons.Add(person);
            _ends.Add(_buffer.WrittenCount);
        }

        /// <summary>The JSON of the <paramref name="index"/>-th person added since <see cref="Clear"/>.</summary>
        public ReadOnlySpan<byte> Json(int index)
        {
            var start = index == 0 ? 0 : _ends[index - 1];
            return _buffer.WrittenSpan[start.._ends[index]];
        }

        public void Clear()
        {
            _buffer.ResetWrittenCount();
            _writer.Reset();
            Persons.Clear();
            _ends.Clear();
        }

        public void Dispose() => _writer.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one IMMEDIATE transaction with the prepared upsert; commits when it returns.
    /// A first load — at least <see cref="FirstLoadPersons"/> persons into an empty <c>persons</c> table — drops the
    /// secondary indexes (<see cref="SecondaryIndexes"/>) inside the transaction and creates them again before the
    /// commit: one sort of the finished table instead of an index insertion a row (about a tenth of the write on the
    /// benchmark). The drop is part of the transaction, so a failure or crash before the commit rolls it back with the
    /// rows; no committed state lacks an index.
    /// </summary>
    private BulkWriteResult Bulk(int count, IReadOnlyDictionary<string, string>? readETags, Action<BulkUpsert> body)
    {
        using var c = Open();
        // A larger page cache for bulk writes, kept by the pooled connection between calls (a round writes batch after
        // batch): with the 2 MB default, B-tree pages are evicted to the WAL and re-read while a round writes hundreds of
        // thousands of rows. SQLite allocates cache pages as they are used; each pooled connection that ever wrote keeps
        // its own, so 64 MB (a 1M round wrote as fast as with 256 MB, and peaked 0.5 GB lower).
        Exec(c, "PRAGMA cache_size=-65536;");
        // Checkpoint the WAL every 256 MB (16,384 pages of 16 KB), not every 16 MB (the default 1,000 pages): each
        // checkpoint syncs the WAL and the database file, and copies every page written since the last one. A 1M round's
        // writes made 175 fsync calls, each waiting on the disk, and rewrote the ID index's pages into the file each time;
        // with 256 MB they took 23 s instead of 27 s of the round (README, store). The WAL file grows to about 256 MB
        // plus one write's pages while the store is open.
        Exec(c, "PRAGMA wal_autocheckpoint=16384;");
        using var tx = c.BeginTransaction();
        var firstLoad = count >= FirstLoadPersons && IsEmpty(c);
        if (firstLoad) Exec(c, "DROP INDEX persons_district; DROP INDEX persons_feed;");
        BulkWriteResult result;
        using (var upsert = new BulkUpsert(c.Handle!, NextSeq(c), readETags))
        {
            body(upsert);
            result = new BulkWriteResult(upsert.Written, upsert.Unchanged, upsert.Failures.Count, 0, upsert.Failures);
        }
        if (firstLoad) Exec(c, SecondaryIndexes);
        tx.Commit();
        return result;
    }

    private static bool IsEmpty(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT NOT EXISTS (SELECT 1 FROM persons)";
        return (long)cmd.ExecuteScalar()! == 1;
    }

    /// <summary>
    /// The prepared upsert of a bulk write, stepped per person through the SQLite C API (parameters bound by position
    /// from UTF-8 spans), with its counts. Conditional on the version read when built with ETags (<c>persons.version = ?8</c>;
    /// −1 for a person that had no record, so an insert meets no row and an existing row never matches); a person the
    /// statement did not change is looked up: stored version still the one read → unchanged (same content hash), else an
    /// <see cref="IPersonStore.ETagConflictReason"/> failure.
    /// </summary>
    private sealed class BulkUpsert : IDisposable
    {
        private static readonly Dictionary<CoverageStatus, byte[]> CoverageKeys =
            Enum.GetValues<CoverageStatus>().ToDictionary(x => x, x => Encoding.UTF8.GetBytes(PersonJson.CoverageKey(x)));

        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _upsert;
        private readonly sqlite3_stmt? _versionOf;
        private readonly IReadOnlyDictionary<string, string>? _readETags;
        private long _seq;

        public BulkUpsert(sqlite3 db, long firstSeq, IReadOnlyDictionary<string, string>? readETags)
        {
            (_db, _seq, _readETags) = (db, firstSeq, readETags);
            Check(db, raw.sqlite3_prepare_v2(db, """
                INSERT INTO persons(id, district, township, coverage, content_hash, version, last_seq, json) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7)
                ON CONFLICT(id) DO UPDATE SET district = excluded.district, township = excluded.township, coverage = excluded.coverage,
                  content_hash = excluded.content_hash, version = persons.version + 1, last_seq = excluded.last_seq, json = excluded.json
                WHERE (persons.content_hash <> excluded.content_hash OR excluded.content_hash = '') AND (?8 IS NULL OR persons.version = ?8)
                """, out _upsert));
            if (readETags is not null) Check(db, raw.sqlite3_prepare_v2(db, "SELECT version FROM persons WHERE id = ?1", out _versionOf));
        }

        public int Written { get; private set; }
        public int Unchanged { get; private set; }
        public List<BulkFailure> Failures { get; } = [];

        /// <summary>Upserts one person (one row: the document and the columns kept beside it).</summary>
        public void Step(string id, string district, string township, CoverageStatus coverage, string hash, ReadOnlySpan<byte> json)
        {
            Text(_upsert, 1, id);
            Text(_upsert, 2, district);
            Text(_upsert, 3, township);
            raw.sqlite3_bind_text(_upsert, 4, CoverageKeys[coverage]);
            Text(_upsert, 5, hash);
            raw.sqlite3_bind_int64(_upsert, 6, _seq);
            raw.sqlite3_bind_blob(_upsert, 7, json);
            long expected = -1;
            if (_readETags is null) raw.sqlite3_bind_null(_upsert, 8);
            else raw.sqlite3_bind_int64(_upsert, 8, expected = _readETags.TryGetValue(id, out var etag) ? ParseETag(etag) ?? -1 : -1);
            var rc = raw.sqlite3_step(_upsert);
            raw.sqlite3_reset(_upsert);
            if (rc != raw.SQLITE_DONE) Check(_db, rc);
            if (raw.sqlite3_changes(_db) == 0)
            {
                if (_versionOf is not null && StoredVersion(_versionOf, id) != expected) Failures.Add(new BulkFailure(id, IPersonStore.ETagConflictReason));
                else Unchanged++;
                return;
            }
            _seq++;
            Written++;
        }

        public void Dispose()
        {
            raw.sqlite3_finalize(_upsert);
            if (_versionOf is not null) raw.sqlite3_finalize(_versionOf);
        }
    }

    /// <summary>The stored version of a person, or −1 when no record exists.</summary>
    private static long StoredVersion(sqlite3_stmt versionOf, string id)
    {
        Text(versionOf, 1, id);
        var version = raw.sqlite3_step(versionOf) == raw.SQLITE_ROW ? raw.sqlite3_column_int64(versionOf, 0) : -1;
        raw.sqlite3_reset(versionOf);
        return version;
    }

    /// <summary>Binds a string as UTF-8 text (SQLITE_TRANSIENT: SQLite copies it) from a stack or pooled buffer.</summary>
    private static void Text(sqlite3_stmt stmt, int index, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var span = max <= 256 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var n = Encoding.UTF8.GetBytes(value, span);
        raw.sqlite3_bind_text(stmt, index, span[..n]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc);
    }

    /// <inheritdoc />
    /// <remarks>The continuation is the last sequence number read (<c>last_seq</c>), as decimal text.</remarks>
    /// <exception cref="ArgumentException">The continuation is not one this store returned.</exception>
    public Task<ChangeFeedPage> ReadChangesAsync(string? continuation, int maxItems, CancellationToken ct = default)
    {
        long after = 0;
        if (continuation is not null && !long.TryParse(continuation, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            throw new ArgumentException("Not a SQLite change-feed continuation.", nameof(continuation));
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT last_seq, json, dynamics, version FROM persons WHERE last_seq > $after ORDER BY last_seq LIMIT $n
            """;
        cmd.Parameters.AddWithValue("$after", after);
        cmd.Parameters.AddWithValue("$n", maxItems);
        var list = new List<StoredPerson>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            after = r.GetInt64(0);
            list.Add(ReadStored(r, 1));
        }
        return Task.FromResult(new ChangeFeedPage(list, after.ToString(CultureInfo.InvariantCulture)));
    }

    /// <inheritdoc />
    public Task<bool> LogEventAsync(EventLogEntry entry, CancellationToken ct = default)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO event_log(person_id, event_id, kind, event_date, source, outcome, applied_at)
            VALUES ($p, $e, $k, $d, $s, $o, $a) ON CONFLICT DO NOTHING
            """;
        cmd.Parameters.AddWithValue("$p", entry.PersonId);
        cmd.Parameters.AddWithValue("$e", entry.EventId);
        cmd.Parameters.AddWithValue("$k", entry.Kind.ToString());
        cmd.Parameters.AddWithValue("$d", entry.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$s", entry.Source);
        cmd.Parameters.AddWithValue("$o", entry.Outcome.ToString());
        cmd.Parameters.AddWithValue("$a", entry.AppliedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return Task.FromResult(cmd.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<EventLogEntry>> ReadEventLogAsync(string personId, CancellationToken ct = default)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT event_id, kind, event_date, source, outcome, applied_at FROM event_log WHERE person_id = $p ORDER BY applied_at, event_id";
        cmd.Parameters.AddWithValue("$p", personId);
        var list = new List<EventLogEntry>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new EventLogEntry(personId, r.GetString(0), Enum.Parse<ChangeEventKind>(r.GetString(1)),
                DateOnly.ParseExact(r.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetString(3),
                Enum.Parse<ChangeOutcome>(r.GetString(4)),
                DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        return Task.FromResult<IReadOnlyList<EventLogEntry>>(list);
    }
}
