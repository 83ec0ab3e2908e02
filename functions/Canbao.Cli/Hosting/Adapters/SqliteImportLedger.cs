using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using Microsoft.Data.Sqlite;

namespace Canbao.Cli.Hosting.Adapters;

/// <summary><see cref="IImportLedger"/> in a SQLite file: one row per content hash; claims are single statements, so atomic.</summary>
public sealed class SqliteImportLedger : IImportLedger
{
    private readonly string connectionString;

    /// <summary>Opens (creating) the ledger at <paramref name="path"/>.</summary>
    public SqliteImportLedger(string path)
    {
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS imports(content_hash TEXT PRIMARY KEY, instance_id TEXT NOT NULL, drop_name TEXT NOT NULL,
              done INTEGER NOT NULL DEFAULT 0, rows_in INTEGER, report_ref TEXT, updated_at TEXT NOT NULL);
            """;
        cmd.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(connectionString);
        c.Open();
        return c;
    }

    public Task<ImportClaim> ClaimAsync(ImportClaimRequest request, CancellationToken ct = default)
    {
        using var c = Open();
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO imports(content_hash, instance_id, drop_name, updated_at) VALUES ($h, $i, $n, $t)";
        insert.Parameters.AddWithValue("$h", request.ContentHash);
        insert.Parameters.AddWithValue("$i", request.InstanceId);
        insert.Parameters.AddWithValue("$n", request.Drop.Name);
        insert.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
        insert.ExecuteNonQuery();
        using var read = c.CreateCommand();
        read.CommandText = "SELECT instance_id, done FROM imports WHERE content_hash = $h";
        read.Parameters.AddWithValue("$h", request.ContentHash);
        using var r = read.ExecuteReader();
        r.Read();
        var claim = r.GetInt64(1) == 1 ? ImportClaim.AlreadyImported
            : r.GetString(0) == request.InstanceId ? ImportClaim.Claimed : ImportClaim.InProgressElsewhere;
        return Task.FromResult(claim);
    }

    public Task CompleteAsync(ImportCompletion completion, CancellationToken ct = default)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = completion.Summary is null
            ? "DELETE FROM imports WHERE content_hash = $h AND instance_id = $i AND done = 0"
            : "UPDATE imports SET done = 1, rows_in = $r, report_ref = $p, updated_at = $t WHERE content_hash = $h AND instance_id = $i";
        cmd.Parameters.AddWithValue("$h", completion.ContentHash);
        cmd.Parameters.AddWithValue("$i", completion.InstanceId);
        cmd.Parameters.AddWithValue("$r", (object?)completion.Summary?.RowsIn ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$p", (object?)completion.Summary?.ReportRef ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <summary>Content hashes of completed imports, sorted, and whether any claim is still open.</summary>
    public (IReadOnlyList<string> Done, int Open) State()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT content_hash, done FROM imports ORDER BY content_hash";
        using var r = cmd.ExecuteReader();
        var done = new List<string>();
        var open = 0;
        while (r.Read())
        {
            if (r.GetInt64(1) == 1) done.Add(r.GetString(0));
            else open++;
        }
        return (done, open);
    }
}
