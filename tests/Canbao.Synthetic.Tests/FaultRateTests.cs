using Canbao.Synthetic;

namespace Canbao.Synthetic.Tests;

[Collection(GeneratedCity.Collection)]
public sealed class FaultRateTests(GeneratedCity city)
{
    [Fact]
    public void Injected_faults_match_the_configured_rates_within_binomial_tolerance_and_rows_csv_agrees()
    {
        var rates = Faults.ParseRates(["id_typo=0.03,id_transposition=0.02,id_legacy15=0.04,id_scientific=0.01,id_precision_lost=0.01",
            "id_numeric_cell=0.05,id_lowercase_x=0.2,fullwidth=0.02,name_dot_variant=0.3,name_spaces=0.02,duplicate_row=0.02",
            "missing_field=0.02,birth_date_mismatch=0.03,stale_address=0.05,garbage=0.01"]);
        var dir = city.NewFolder("rates");
        CityGenerator.Generate(new GenerateOptions(3000, 11, dir, FaultRates: rates));
        var faults = GeneratedCity.ReadCsv(Path.Combine(dir, "truth", "faults.csv"));
        var rows = GeneratedCity.ReadCsv(Path.Combine(dir, "truth", "rows.csv"));
        var byFault = rows.Where(r => r["fault"] != "").GroupBy(r => r["fault"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Faults.All.Count, faults.Count);
        foreach (var f in faults)
        {
            var code = f["fault"];
            var eligible = long.Parse(f["eligible_rows"]);
            var injected = long.Parse(f["injected_rows"]);
            var p = rates[code];
            Assert.Equal(p, double.Parse(f["configured_rate"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(eligible >= 40, $"{code}: only {eligible} eligible rows");
            var sigma = Math.Sqrt(eligible * p * (1 - p));
            Assert.True(Math.Abs(injected - eligible * p) <= 4.5 * sigma + 1, $"{code}: {injected} of {eligible} injected, configured {p}");
            Assert.Equal(injected, byFault.GetValueOrDefault(code));
        }
    }

    [Fact]
    public void No_noise_means_every_row_is_clean_and_accepted()
    {
        var dir = city.NewFolder("clean");
        CityGenerator.Generate(new GenerateOptions(800, 3, dir, FaultRates: Faults.ParseRates(["none"])));
        var rows = GeneratedCity.ReadCsv(Path.Combine(dir, "truth", "rows.csv"));
        Assert.All(rows, r => { Assert.Equal("", r["fault"]); Assert.Equal("accepted", r["expected_outcome"]); });
    }

    [Fact]
    public void Unknown_fault_codes_and_impossible_rates_are_refused()
    {
        Assert.Contains("unknown fault", Assert.Throws<ArgumentException>(() => Faults.ParseRates(["id_tpyo=0.1"])).Message);
        Assert.Contains("between 0 and 1", Assert.Throws<ArgumentException>(() => Faults.ParseRates(["id_typo=2"])).Message);
        Assert.Contains("sum", Assert.Throws<ArgumentException>(() => Faults.ParseRates(["id_typo=0.6,id_transposition=0.6"])).Message);
    }
}
