using System.Text.Json;
using Canbao.Comparison;

namespace Canbao.Comparison.Tests;

/// <summary>The round's garbage-collector figures (<see cref="RoundDetail.Gc"/>): consistent counters, the first stage
/// inside the whole, and the JSON shape <c>canbao run --json</c> prints.</summary>
public class RoundGcTests
{
    [Fact]
    public async Task Gc_figures_are_counted_for_the_round_and_its_first_stage()
    {
        var summary = await new ComparisonRound(new MemoryStore(), new RoundOptions("r", Build.Date, 2)).RunAsync(World.Background(200), 0, null);
        var gc = summary.Detail!.Gc!;
        var stage = gc.Resolve!;
        Assert.True(gc.AllocatedGb > 0, "a round of 200 persons allocates");
        Assert.True(gc.Gen0 >= 1, "the round collects once between its stages");
        Assert.True(gc.Gen0 >= gc.Gen1 && gc.Gen1 >= gc.Gen2, $"{gc.Gen0} ≥ {gc.Gen1} ≥ {gc.Gen2}");
        Assert.True(stage.AllocatedGb <= gc.AllocatedGb && stage.Gen0 <= gc.Gen0 && stage.PauseS <= gc.PauseS);
        Assert.Null(stage.Resolve);

        var json = JsonSerializer.Serialize(gc, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        using var doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("resolve").TryGetProperty("gen2", out _));
        Assert.False(doc.RootElement.GetProperty("resolve").TryGetProperty("resolve", out _), "no null nested stage in the JSON");
        Assert.Equal(["pause_s", "gen0", "gen1", "gen2", "allocated_gb", "resolve"], doc.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
