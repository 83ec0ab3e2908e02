namespace Canbao.Cli.Hosting;

/// <summary>
/// The data folder of <c>canbao serve</c>: drops/&lt;feed&gt;/ (watched), imported/ (the version of each drop last
/// imported: the round's input), quarantine/, reports/drops/ (row reports), rounds/&lt;id&gt;/ (outputs and summary),
/// persons.db (SQLite person store), ledger.db (import ledger), azurite/ (orchestration state).
/// </summary>
/// <param name="Root">The data folder.</param>
public sealed record LocalLayout(string Root)
{
    public string Drops => Path.Combine(Root, "drops");
    public string Imported => Path.Combine(Root, "imported");
    public string Quarantine => Path.Combine(Root, "quarantine");
    public string DropReports => Path.Combine(Root, "reports", "drops");
    public string MonthlyReports => Path.Combine(Root, "reports", "monthly");
    public string Rounds => Path.Combine(Root, "rounds");
    public string Persons => Path.Combine(Root, "persons.db");
    public string Ledger => Path.Combine(Root, "ledger.db");
    public string Azurite => Path.Combine(Root, "azurite");

    /// <summary>A path under the root for a drop-relative name (<c>feed/file</c>), refusing names that leave the folder.</summary>
    public static string Under(string dir, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(dir, relative));
        if (!full.StartsWith(Path.GetFullPath(dir) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"drop name leaves its folder: {relative}");
        return full;
    }

    /// <summary>Creates every folder.</summary>
    public LocalLayout Create()
    {
        foreach (var d in new[] { Drops, Imported, Quarantine, DropReports, MonthlyReports, Rounds, Azurite }) Directory.CreateDirectory(d);
        return this;
    }
}
