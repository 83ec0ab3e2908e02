// Roster throughput: dotnet run -c Release tests/Canbao.Reports.Tests/bench/rosterbench.cs 20000 (under /usr/bin/time -v for memory); figures in README.
#:project ../../../shared/Canbao.Reports/Canbao.Reports.csproj
using System.Diagnostics;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Persons;
using Canbao.Reports.Rosters;
var n = int.Parse(args[0]);
var entries = Enumerable.Range(0, n).Select(i => {
    var body = "630102" + new DateOnly(1950,1,1).AddDays(i % 20000).ToString("yyyyMMdd") + (100 + i % 900).ToString("000");
    return new RosterEntry($"T-{i:000000}", body + ResidentId.ComputeCheckCharacter(body), "王浩", "男", null, "西宁市城东区示范路1号", "西宁市城东区样本街2号", "13800000000", CoverageStatus.NotEnrolled, "未参保");
}).ToList();
var roster = new Roster("630102001", "东关大街街道", "630102", "r", new DateOnly(2026,12,20), entries);
var sw = Stopwatch.StartNew();
using var x = new MemoryStream(); RosterWriter.WriteXlsx(x, roster); var tx = sw.ElapsedMilliseconds; sw.Restart();
using var c = new MemoryStream(); RosterWriter.WriteCsv(c, roster); var tc = sw.ElapsedMilliseconds; sw.Restart();
x.Position = 0; var rx = SurveyResultReader.Read(x, new DateOnly(2026,11,29)); var trx = sw.ElapsedMilliseconds; sw.Restart();
c.Position = 0; var rc = SurveyResultReader.Read(c, new DateOnly(2026,11,29)); var trc = sw.ElapsedMilliseconds;
Console.WriteLine($"{n} rows: xlsx write {tx} ms ({x.Length/1024} KiB), csv write {tc} ms ({c.Length/1024} KiB), xlsx read {trx} ms ({rx.Unfilled.Count} unfilled), csv read {trc} ms ({rc.Unfilled.Count} unfilled)");
