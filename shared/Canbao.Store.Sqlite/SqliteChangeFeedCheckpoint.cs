using System.Globalization;
using Canbao.Store.ChangeFeed;

namespace Canbao.Store.Sqlite;

/// <summary>
/// Change-feed checkpoints in the store file: table <c>feed_checkpoints(consumer, continuation, version)</c>; the ETag
/// is the version number. A write is an UPDATE … WHERE version = expected (or an INSERT when none exists), so a racing
/// consumer gets null.
/// </summary>
public sealed class SqliteChangeFeedCheckpoint : IChangeFeedCheckpoint
{
    private readonly SqliteDb _db;

    /// <summary>Opens (creating the table when missing) the checkpoints in the file at <paramref name="path"/>.</summary>
    public SqliteChangeFeedCheckpoint(string path)
    {
        _db = new SqliteDb(path);
        using var c = _db.Open();
        SqliteDb.Exec(c, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS feed_checkpoints(consumer TEXT PRIMARY KEY, continuation TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;");
    }

    /// <inheritdoc />
    public Task<CheckpointState> ReadAsync(string consumer, CancellationToken ct = default)
    {
        using var c = _db.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT continuation, version FROM feed_checkpoints WHERE consumer = $c";
        cmd.Parameters.AddWithValue("$c", consumer);
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read()
            ? new CheckpointState(r.GetString(0), r.GetInt64(1).ToString(CultureInfo.InvariantCulture))
            : new CheckpointState(null, null));
    }

    /// <inheritdoc />
    public Task<string?> WriteAsync(string consumer, string continuation, string? expectedETag, CancellationToken ct = default)
    {
        using var c = _db.Open();
        using var cmd = c.CreateCommand();
        cmd.Parameters.AddWithValue("$c", consumer);
        cmd.Parameters.AddWithValue("$k", continuation);
        if (expectedETag is null)
            cmd.CommandText = "INSERT INTO feed_checkpoints(consumer, continuation, version) VALUES ($c, $k, 1) ON CONFLICT DO NOTHING RETURNING version";
        else
        {
            cmd.CommandText = "UPDATE feed_checkpoints SET continuation = $k, version = version + 1 WHERE consumer = $c AND version = $v RETURNING version";
            cmd.Parameters.AddWithValue("$v", long.TryParse(expectedETag, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1);
        }
        return Task.FromResult(cmd.ExecuteScalar() is long version ? version.ToString(CultureInfo.InvariantCulture) : null);
    }
}
