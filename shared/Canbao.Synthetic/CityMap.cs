using Canbao.Domain.Identifiers;

namespace Canbao.Synthetic;

/// <summary>One district/county of the generated city.</summary>
/// <param name="Index">0-based position in the city's district list (ordered by code).</param>
/// <param name="Code">Current 6-digit GB/T 2260 code, e.g. "630102".</param>
/// <param name="Name">Current name, e.g. 城东区.</param>
/// <param name="Weight">Share of the city's population living there (sums to 1 over the city).</param>
/// <param name="Townships">Its townships/streets (9-digit codes), from the shipped township list.</param>
/// <param name="Lineage">Codes this district carried over time (same province, same name stem), used for the region code of an ID issued at birth.</param>
public sealed record District(int Index, string Code, string Name, double Weight, IReadOnlyList<Township> Townships, IReadOnlyList<RegionCode> Lineage);

/// <summary>
/// The geography of a generated city: its districts with their townships (current lists, ../shared/data) and the
/// history of their region codes, so a resident ID carries the code in force where and when the person was born
/// (GB 11643-1999 §6.2; e.g. 湟中: 632124 until 1998-12, 630122 from 1999-12, 630106 from 2019).
/// </summary>
public sealed class CityMap
{
    /// <summary>Population shares of Xining's districts (rough 2017 proportions; other cities get equal shares).</summary>
    private static readonly Dictionary<string, double> XiningWeights = new(StringComparer.Ordinal)
    {
        ["630102"] = 0.16, ["630103"] = 0.14, ["630104"] = 0.13, ["630105"] = 0.14,
        ["630106"] = 0.19, ["630121"] = 0.17, ["630123"] = 0.07,
    };

    /// <summary>Region codes of other provinces' residents holding a residence permit (current codes, in force since 1980).</summary>
    private static readonly string[] OtherProvinceCandidates =
        ["620102", "620103", "620104", "620105", "410102", "410105", "510104", "510107", "640104", "610103", "130102", "370102", "500103", "420102"];

    private CityMap(string cityCode, string cityName, IReadOnlyList<District> districts, IReadOnlyList<string> otherProvinceCodes)
    {
        CityCode = cityCode;
        CityName = cityName;
        Districts = districts;
        OtherProvinceCodes = otherProvinceCodes;
    }

    /// <summary>6-digit city code, e.g. "630100".</summary>
    public string CityCode { get; }

    /// <summary>City name, e.g. 西宁市.</summary>
    public string CityName { get; }

    /// <summary>The districts ordered by code.</summary>
    public IReadOnlyList<District> Districts { get; }

    /// <summary>Current region codes of other provinces, for residence-permit holders' IDs.</summary>
    public IReadOnlyList<string> OtherProvinceCodes { get; }

    /// <summary>
    /// Builds the map of a city from the shipped reference data: every current county-level code under the city that
    /// has townships in the list.
    /// </summary>
    /// <param name="cityCode">6-digit city code ending in "00", e.g. "630100".</param>
    /// <param name="history">Region-code history (default: the shipped one).</param>
    /// <param name="townships">Township list (default: the shipped one).</param>
    /// <exception cref="ArgumentException">The code is not a current city code or has no districts with townships.</exception>
    public static CityMap Load(string cityCode, RegionCodeHistory? history = null, TownshipDirectory? townships = null)
    {
        history ??= RegionCodeHistory.Default;
        townships ??= TownshipDirectory.Default;
        var city = history.Find(cityCode);
        if (cityCode.Length != 6 || !cityCode.EndsWith("00", StringComparison.Ordinal) || cityCode.EndsWith("0000", StringComparison.Ordinal) || city is null || !city.IsCurrent)
            throw new ArgumentException($"--city {cityCode}: not a current city-level GB/T 2260 code (e.g. 630100)", nameof(cityCode));
        var prefix = cityCode[..4];
        var codes = history.All.Where(c => c.IsCurrent && c.Code.StartsWith(prefix, StringComparison.Ordinal) && c.Code != cityCode && townships.InCounty(c.Code).Count > 0)
            .OrderBy(c => c.Code, StringComparer.Ordinal).ToArray();
        if (codes.Length == 0) throw new ArgumentException($"--city {cityCode}: no districts with townships in the shipped list", nameof(cityCode));
        var weights = codes.Select(c => XiningWeights.GetValueOrDefault(c.Code, 1.0)).ToArray();
        var total = weights.Sum();
        var districts = codes.Select((c, i) => new District(i, c.Code, c.Names[^1], weights[i] / total, townships.InCounty(c.Code), Lineage(c, history))).ToArray();
        var others = OtherProvinceCandidates.Where(c => history.Find(c) is { IsCurrent: true, FirstSeen: 198012 } && c[..2] != cityCode[..2]).ToArray();
        return new CityMap(cityCode, city.Names[^1], districts, others);
    }

    /// <summary>Codes of the same province whose names share the district's name stem (name without its last character).</summary>
    private static RegionCode[] Lineage(RegionCode district, RegionCodeHistory history)
    {
        var stems = district.Names.Select(Stem).ToHashSet(StringComparer.Ordinal);
        return history.All.Where(c => c.Code[..2] == district.Code[..2] && !c.Code.EndsWith("00", StringComparison.Ordinal) && c.Names.Any(n => stems.Contains(Stem(n))))
            .OrderBy(c => c.FirstSeen ?? 999999).ThenBy(c => c.Code, StringComparer.Ordinal).ToArray();
    }

    private static string Stem(string name)
    {
        var n = name.Replace("回族土族自治", "", StringComparison.Ordinal).Replace("土族自治", "", StringComparison.Ordinal);
        return n.Length > 1 ? n[..^1] : n;
    }

    /// <summary>
    /// The region code in force for the district in the given month: the lineage code in force then; in a gap
    /// between lists, the most recently retired one; before the first list (1980-12), the oldest.
    /// </summary>
    /// <param name="district">The district of birth.</param>
    /// <param name="yyyymm">Month of birth, e.g. 195003.</param>
    public static string RegionCodeAt(District district, int yyyymm)
    {
        RegionCode? best = null;
        foreach (var c in district.Lineage)
            if (c.InForce(yyyymm)) best = c;
        if (best is not null) return best.Code;
        foreach (var c in district.Lineage)
            if (c.LastSeen is { } last && last < yyyymm && (best?.LastSeen is not { } b || last > b)) best = c;
        return (best ?? district.Lineage[0]).Code;
    }
}
