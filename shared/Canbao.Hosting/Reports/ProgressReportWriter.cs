using System.Globalization;
using System.Text.Json;
using Canbao.Domain.Identifiers;
using Canbao.Hosting.Ports;
using Canbao.Hosting.Rounds;
using Canbao.Operator.Data;
using Canbao.Reports.Progress;
using Canbao.Store;
using Canbao.Workflows.Contracts;
using Canbao.Workflows.Ports;
using nietras.SeparatedValues;

namespace Canbao.Hosting.Reports;

/// <summary>
/// <see cref="IReportWriter"/> for both hosts: the monthly progress report (DESIGN step 5; districts by the 25th, the city
/// by the 30th) from the person records as they are now, with the figures the operator dashboard shows
/// (<see cref="StoreOperatorData"/>: registered, enrolled per insurance type, coverage rate, survey funnel). The districts
/// are those of the latest round (<c>rounds/latest.json</c> → its <c>statistics.csv</c>). Written with
/// Canbao.Reports.Progress: <c>reports/monthly/&lt;period&gt;/district-&lt;code&gt;.xlsx</c> (rows = townships),
/// <c>city-&lt;code&gt;.xlsx</c> (rows = districts) and <c>city-&lt;code&gt;.png</c> (coverage-rate chart). Rejected rows
/// per district (拒收行数) are the latest round's readers' rejects of that district's drops
/// (<see cref="ArtifactRoundRunner.RejectedByDistrict"/>); a district's townships are not told apart (0 on township rows),
/// and rejects of drops naming no district are in no row. Idempotent: the same period overwrites.
/// </summary>
/// <param name="artifacts">Where the latest round's outputs are and the reports go.</param>
/// <param name="store">The person store.</param>
/// <param name="clock">The generation time printed on the report; null = system clock.</param>
public class ProgressReportWriter(IArtifactStore artifacts, IPersonStore store, TimeProvider? clock = null) : IReportWriter
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Folder of a period's reports: <c>reports/monthly/&lt;yyyy-MM&gt;/</c>.</summary>
    /// <exception cref="ArgumentException">The period is not <c>yyyy-MM</c>.</exception>
    public static string PeriodPrefix(string period) => $"reports/monthly/{Month(period):yyyy-MM}/";

    private static DateOnly Month(string period) =>
        DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new ArgumentException($"report period '{period}' must be yyyy-MM", nameof(period));

    /// <inheritdoc />
    public virtual async Task<ReportRef> WriteDistrictReportsAsync(ReportRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (data, districts, _) = await SourcesAsync(ct);
        var prefix = PeriodPrefix(request.Period);
        foreach (var d in districts)
        {
            var rows = await data.TownshipFiguresAsync(d.Code, ct);
            var report = new MonthlyReport(Month(request.Period), d.Code, d.Name, false, rows, _clock.GetUtcNow());
            using var s = new MemoryStream();
            MonthlyReportWriter.WriteXlsx(s, report);
            await artifacts.WriteAsync($"{prefix}district-{d.Code}.xlsx", s.ToArray(), ct);
        }
        return new ReportRef(request.Period, districts.Count, prefix);
    }

    /// <inheritdoc />
    public virtual async Task<ReportRef> WriteCityReportAsync(ReportRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (data, _, city) = await SourcesAsync(ct);
        var prefix = PeriodPrefix(request.Period);
        var report = new MonthlyReport(Month(request.Period), city.Code, city.Name, true, await data.DistrictFiguresAsync(ct), _clock.GetUtcNow());
        using (var s = new MemoryStream())
        {
            MonthlyReportWriter.WriteXlsx(s, report);
            await artifacts.WriteAsync($"{prefix}city-{city.Code}.xlsx", s.ToArray(), ct);
        }
        await artifacts.WriteAsync($"{prefix}city-{city.Code}.png", ProgressChart.RenderPng(report), ct);
        return new ReportRef(request.Period, 1, $"{prefix}city-{city.Code}.xlsx");
    }

    private async Task<(StoreOperatorData Data, IReadOnlyList<AreaView> Districts, AreaView City)> SourcesAsync(CancellationToken ct)
    {
        var codes = new List<(string Code, long Persons)>();
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        if (await artifacts.ReadAsync(ArtifactRoundRunner.LatestSummary, ct) is { } latest)
        {
            using var doc = JsonDocument.Parse(latest);
            var round = doc.RootElement.GetProperty("round").GetString() ?? "";
            if (await artifacts.ReadAsync(ArtifactRoundRunner.RejectedByDistrict(round), ct) is { } byDistrict)
                foreach (var (code, rows) in JsonSerializer.Deserialize<Dictionary<string, long>>(byDistrict) ?? [])
                    if (code.Length == 6) rejected[code] = (int)Math.Min(int.MaxValue, rows);
            if (await artifacts.ReadAsync(ArtifactRoundRunner.RoundPrefix(round) + "out/statistics.csv", ct) is { } stats)
            {
                using var reader = Sep.Reader(o => o with { Unescape = true }).From(stats);
                foreach (var row in reader)
                {
                    var code = row["district_code"].ToString();
                    if (code.Length == 6 && code.All(char.IsAsciiDigit))
                        codes.Add((code, long.TryParse(row["persons"].ToString(), CultureInfo.InvariantCulture, out var n) ? n : 0));
                }
            }
        }
        var regions = RegionCodeHistory.Default;
        string NameOf(string code) => regions.Find(code)?.Names is { Count: > 0 } names ? names[^1] : code;
        // The round's statistics also list the districts of persons who live outside the city (a migrant's registered
        // residence elsewhere): the city is the prefix (GB/T 2260 first four digits) holding most persons.
        var cityCode = codes.Count == 0 ? "000000"
            : codes.GroupBy(c => c.Code[..4]).OrderByDescending(g => g.Sum(c => c.Persons)).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key + "00";
        var districts = codes.Select(c => c.Code).Where(c => c.StartsWith(cityCode[..4], StringComparison.Ordinal)).Distinct()
            .Order(StringComparer.Ordinal).Select(c => new AreaView(c, NameOf(c))).ToList();
        var city = new AreaView(cityCode, NameOf(cityCode));
        var townships = TownshipDirectory.Default;
        var townshipNames = districts.SelectMany(d => townships.InCounty(d.Code)).ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal);
        var sources = new StoreOperatorSources(city, districts, townshipNames, [], [], new Dictionary<string, IReadOnlyList<Canbao.Operator.Data.DropRowError>>(),
            [], [], DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime), rejected);
        return (new StoreOperatorData(store, sources), districts, city);
    }
}
