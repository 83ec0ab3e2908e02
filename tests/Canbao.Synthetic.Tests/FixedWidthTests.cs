using Canbao.Domain.Standard;
using Canbao.Synthetic;

namespace Canbao.Synthetic.Tests;

/// <summary>
/// Every value written into a fixed-width drop fits its GB18030 byte field (issue 3: seed 7 at 100,000 persons crashed
/// writing a repeated-header garbage row, 性别 = 4 bytes, into the 1-byte sex field of the deaths layout).
/// </summary>
[Collection(GeneratedCity.Collection)]
public sealed class FixedWidthTests(GeneratedCity city)
{
    /// <summary>Heavy noise on the faults a fixed-width row can carry (garbage and name faults above all).</summary>
    private static readonly IReadOnlyDictionary<string, double> Heavy = Faults.ParseRates(
        ["garbage=0.25,name_spaces=0.2,id_typo=0.05,id_transposition=0.05,id_legacy15=0.1",
         "id_lowercase_x=0.15,duplicate_row=0.05,missing_field=0.1"]);

    [Theory]
    [InlineData(1ul)] [InlineData(2ul)] [InlineData(3ul)] [InlineData(4ul)] [InlineData(5ul)] [InlineData(6ul)]
    [InlineData(7ul)] [InlineData(8ul)] [InlineData(9ul)] [InlineData(10ul)] [InlineData(11ul)] [InlineData(12ul)]
    public void Every_fixed_width_record_has_the_layout_length_and_every_row_reads_back_as_the_truth_expects(ulong seed)
    {
        // Odd seeds: default noise; even seeds: heavy noise, so garbage and name faults land in the deaths file.
        var rates = seed % 2 == 0 ? Heavy : null;
        var dir = city.NewFolder("fixed-width-" + seed);
        CityGenerator.Generate(new GenerateOptions(3000, seed, dir, Period: "2017-03", FaultRates: rates));

        var truth = GeneratedCity.ReadCsv(Path.Combine(dir, "truth", "rows.csv"));
        var records = 0;
        foreach (var feed in FeedCatalog.All.Where(f => f.FixedWidth is not null))
        {
            var folder = Path.Combine(dir, "drops", feed.Id);
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.GetFiles(folder, "*.txt"))
            {
                var bytes = File.ReadAllBytes(file);
                var length = feed.FixedWidth!.RecordBytes;
                Assert.Equal(0, bytes.Length % (length + 2));
                for (var at = 0; at < bytes.Length; at += length + 2)
                {
                    Assert.True(bytes[at + length] == '\r' && bytes[at + length + 1] == '\n', $"{file}: record at byte {at} is not {length} bytes + CRLF");
                    Assert.Equal(-1, bytes.AsSpan(at, length).IndexOfAny((byte)'\r', (byte)'\n'));
                    records++;
                }
                var rel = feed.Id + "/" + Path.GetFileName(file);
                Assert.Equal(truth.Count(r => r["file"] == rel), bytes.Length / (length + 2));
            }
        }
        Assert.True(records > 0, "no fixed-width records were written");

        // The truth records exactly the faults that were written: rows.csv agrees with faults.csv per period and fault.
        var injected = GeneratedCity.ReadCsv(Path.Combine(dir, "truth", "faults.csv"))
            .ToDictionary(f => (f["period"], f["fault"]), f => long.Parse(f["injected_rows"]));
        var written = truth.Where(r => r["fault"] != "").GroupBy(r => (r["file"][(r["file"].IndexOf('/') + 1)..][..7], r["fault"]))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var (key, n) in injected) Assert.True(written.GetValueOrDefault(key) == n, $"{key}: faults.csv says {n}, rows.csv has {written.GetValueOrDefault(key)}");

        ReadabilityTests.AssertReadBack(dir);
    }

    [Fact]
    public void Truncate_cuts_at_a_character_boundary_in_gb18030_bytes()
    {
        var astral = char.ConvertFromUtf32(0x2C029);
        Assert.Equal("王", FixedWidthFit.Truncate("王" + astral + "伟", 5));           // 2 + 4 > 5: the pair is not split
        Assert.Equal("王" + astral, FixedWidthFit.Truncate("王" + astral + "伟", 7));
        Assert.Equal("阿依古丽\u2022艾合买", FixedWidthFit.Truncate("阿依古丽\u2022艾合买提", 19)); // • is 4 bytes in GB18030
        Assert.Equal(20, FixedWidthFit.Bytes("阿依古丽\u2022艾合买提"));
        Assert.Equal("张三", FixedWidthFit.Truncate("张三", 20));
        Assert.Null(FixedWidthFit.Truncate(null, 1));
    }

    [Fact]
    public void Fits_checks_every_field_of_the_layout()
    {
        string?[] row = ["630102199001011234", "阿依古丽·艾合买提", "1", "20170301"];
        Assert.True(FixedWidthFit.Fits(FeedCatalog.Deaths, row));
        row[2] = "男";
        Assert.False(FixedWidthFit.Fits(FeedCatalog.Deaths, row));
        row[2] = "1";
        row[1] = "阿依古丽·艾合买提木木"; // 22 bytes
        Assert.False(FixedWidthFit.Fits(FeedCatalog.Deaths, row));
        Assert.True(FixedWidthFit.Fits(FeedCatalog.Students, ["x", "一二三四五六七八九十一二三四五六七八九十一", null, null, null]));
    }
}
