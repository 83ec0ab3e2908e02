using System.Collections.Frozen;

namespace Canbao.Domain.Identifiers;

/// <summary>
/// One GB/T 2260 region code with the months it was first and last seen in the Ministry of Civil Affairs lists.
/// </summary>
/// <param name="Code">6-digit region code.</param>
/// <param name="FirstSeen">yyyyMM of the first list holding it, or null for "post-201904" (only in the current list).</param>
/// <param name="LastSeen">yyyyMM of the last list holding it, or null when it is in the current list.</param>
/// <param name="Names">Every name the code carried, oldest first.</param>
public sealed record RegionCode(string Code, int? FirstSeen, int? LastSeen, IReadOnlyList<string> Names)
{
    /// <summary>True when the code is in the current list.</summary>
    public bool IsCurrent => LastSeen is null;

    /// <summary>True when the code was in force in the given month (yyyyMM); "post-201904" codes from 201905.</summary>
    public bool InForce(int yyyymm) => (FirstSeen ?? 201905) <= yyyymm && (LastSeen is null || yyyymm <= LastSeen);
}

/// <summary>
/// Every county-level and higher region code seen in GB/T 2260 lists from 1980 to today, shipped from
/// <c>Data/gb2260-history.tsv</c> (source named in Data/README.md). An ID keeps the code of its issue, so a retired
/// code (e.g. 632124 湟中县, retired 1998) is valid in an ID; a code in no list of any year is only suspicious.
/// </summary>
public sealed class RegionCodeHistory
{
    private readonly FrozenDictionary<string, RegionCode> _codes;
    private readonly FrozenSet<string> _provinces;
    private readonly FrozenDictionary<string, RegionCode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _provinceLookup;

    /// <summary>Builds a history from parsed rows.</summary>
    public RegionCodeHistory(IEnumerable<RegionCode> codes)
    {
        _codes = codes.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        _provinces = _codes.Keys.Where(k => k.EndsWith("0000", StringComparison.Ordinal)).Select(k => k[..2]).ToFrozenSet(StringComparer.Ordinal);
        _lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
        _provinceLookup = _provinces.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The history shipped with Canbao (embedded resource).</summary>
    public static RegionCodeHistory Default => LazyDefault.Value;

    private static readonly Lazy<RegionCodeHistory> LazyDefault = new(() =>
    {
        using var stream = typeof(RegionCodeHistory).Assembly.GetManifestResourceStream("Canbao.Domain.Data.gb2260-history.tsv")
            ?? throw new InvalidOperationException("The GB/T 2260 history resource is missing from Canbao.Domain.");
        using var reader = new StreamReader(stream);
        return new RegionCodeHistory(ParseTsv(reader.ReadToEnd()));
    });

    /// <summary>Parses the TSV layout <c>code, first_seen, last_seen, names</c> (names separated by '|').</summary>
    /// <exception cref="FormatException">A line does not have 4 tab-separated fields.</exception>
    public static IEnumerable<RegionCode> ParseTsv(string text)
    {
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            var l = line.TrimEnd('\r');
            if (lineNo == 1 || l.Length == 0) continue;
            var f = l.Split('\t');
            if (f.Length != 4) throw new FormatException($"gb2260-history.tsv line {lineNo}: expected 4 fields, found {f.Length}");
            yield return new RegionCode(f[0],
                f[1] == "post-201904" ? null : int.Parse(f[1]),
                f[2] == "current" ? null : int.Parse(f[2]),
                f[3].Split('|'));
        }
    }

    /// <summary>All codes.</summary>
    public IEnumerable<RegionCode> All => _codes.Values;

    /// <summary>The code's record, or null when it is in no list.</summary>
    public RegionCode? Find(string code) => _codes.GetValueOrDefault(code);

    /// <summary>True when the 2-digit province code exists (any year).</summary>
    public bool ProvinceExists(ReadOnlySpan<char> province2) => _provinceLookup.Contains(province2);

    /// <summary>True when the 6-digit code is in any list of any year.</summary>
    public bool EverExisted(ReadOnlySpan<char> code6) => _lookup.ContainsKey(code6);
}
