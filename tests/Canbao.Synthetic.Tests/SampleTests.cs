using Canbao.Synthetic;

namespace Canbao.Synthetic.Tests;

[Collection(GeneratedCity.Collection)]
public sealed class SampleTests(GeneratedCity city)
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Canbao.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Canbao.slnx) not found");
    }

    [Fact]
    public void The_committed_sample_is_what_the_documented_command_generates()
    {
        var sample = Path.Combine(RepoRoot(), "samples", "city");
        var fresh = city.NewFolder("sample");
        CityGenerator.Generate(new GenerateOptions(2000, 2017, fresh, Period: "2017-03"));
        CityGenerator.Generate(new GenerateOptions(2000, 2017, fresh, Period: "2017-06"));
        var expected = Directory.GetFiles(fresh, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(fresh, f)).Order(StringComparer.Ordinal).ToArray();
        var actual = Directory.GetFiles(sample, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(sample, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, actual);
        foreach (var f in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(fresh, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(sample, f))),
                $"samples/city/{f} differs from a fresh generation: regenerate the sample with the command in samples/README.md");
    }
}
