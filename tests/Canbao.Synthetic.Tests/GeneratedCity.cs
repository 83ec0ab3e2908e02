using Canbao.Synthetic;

namespace Canbao.Synthetic.Tests;

/// <summary>The test collection sharing one <see cref="GeneratedCity"/>.</summary>
[CollectionDefinition(GeneratedCity.Collection)]
public sealed class GeneratedCityCollection : ICollectionFixture<GeneratedCity>;

/// <summary>Generates a small city into a temporary folder once for the collection and removes it afterwards.</summary>
public sealed class GeneratedCity : IDisposable
{
    public const string Collection = "generated city";

    public GeneratedCity()
    {
        Root = Path.Combine(Path.GetTempPath(), "canbao-synthetic-" + Guid.NewGuid().ToString("N"));
        Default = Path.Combine(Root, "default");
        CityGenerator.Generate(new GenerateOptions(1500, 7, Default, Period: "2017-03"));
        CityGenerator.Generate(new GenerateOptions(1500, 7, Default, Period: "2017-06"));
    }

    public string Root { get; }

    /// <summary>A 1,500-person city with default noise, two periods (2017-03, 2017-06).</summary>
    public string Default { get; }

    public string NewFolder(string name) => Path.Combine(Root, name);

    public static IReadOnlyList<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l =>
        {
            var f = l.Split(',');
            Assert.Equal(header.Length, f.Length);
            return header.Select((h, i) => (h, f[i])).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal);
        }).ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, true);
    }
}
