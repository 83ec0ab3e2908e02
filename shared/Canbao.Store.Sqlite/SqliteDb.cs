using Microsoft.Data.Sqlite;

namespace Canbao.Store.Sqlite;

/// <summary>Connections to one store file: pooled, WAL, synchronous=NORMAL, busy timeout 30 s.</summary>
internal sealed class SqliteDb(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();

    /// <summary>An open connection (synchronous=NORMAL under WAL: a commit survives a process crash; only an OS
    /// crash or power loss can lose the last commits, never half of one).</summary>
    public SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Exec(c, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
        return c;
    }

    /// <summary>Runs SQL without results.</summary>
    public static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
