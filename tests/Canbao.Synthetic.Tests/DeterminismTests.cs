using System.Security.Cryptography;
using Canbao.Synthetic;

namespace Canbao.Synthetic.Tests;

[Collection(GeneratedCity.Collection)]
public sealed class DeterminismTests(GeneratedCity city)
{
    private static string HashTree(string dir)
    {
        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(dir, f) + "\n"));
            sha.AppendData(File.ReadAllBytes(f));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    [Fact]
    public void Same_seed_and_arguments_give_byte_identical_output_whatever_the_parallelism()
    {
        var a = city.NewFolder("det-a");
        var b = city.NewFolder("det-b");
        CityGenerator.Generate(new GenerateOptions(1500, 7, a, Period: "2017-03", Parallelism: 1));
        CityGenerator.Generate(new GenerateOptions(1500, 7, a, Period: "2017-06", Parallelism: 1));
        CityGenerator.Generate(new GenerateOptions(1500, 7, b, Period: "2017-03", Parallelism: 4));
        CityGenerator.Generate(new GenerateOptions(1500, 7, b, Period: "2017-06", Parallelism: 4));
        Assert.Equal(HashTree(a), HashTree(b));
        Assert.Equal(HashTree(a), HashTree(city.Default));
    }

    [Fact]
    public void Another_seed_gives_another_city()
    {
        var c = city.NewFolder("det-c");
        CityGenerator.Generate(new GenerateOptions(1500, 8, c, Period: "2017-03"));
        var ids7 = File.ReadLines(Path.Combine(city.Default, "truth", "persons.csv")).Skip(1).Select(l => l[..18]).ToHashSet();
        var ids8 = File.ReadLines(Path.Combine(c, "truth", "persons.csv")).Skip(1).Select(l => l[..18]).ToArray();
        Assert.True(ids8.Count(ids7.Contains) < ids8.Length / 20);
    }
}
