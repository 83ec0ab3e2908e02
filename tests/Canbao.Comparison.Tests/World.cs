using Canbao.Comparison;

namespace Canbao.Comparison.Tests;

/// <summary>A background population so value frequencies look like a city's (distinct IDs, names spread over a few surnames).</summary>
internal static class World
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"];

    /// <summary>n registry rows, deterministic; regions 630102/630103, sequences 500–999 (hand-made IDs use sequences below 500).</summary>
    public static List<SourceRow> Background(int n)
    {
        var rows = new List<SourceRow>(n);
        var start = new DateOnly(1950, 1, 1);
        for (var i = 0; i < n; i++)
        {
            var birth = start.AddDays(i * 37 % 25000);
            var id = Build.Id($"63010{2 + i % 2}{birth:yyyyMMdd}{500 + i % 500:000}");
            var name = Surnames[i % Surnames.Length] + Given[i / Surnames.Length % Given.Length];
            rows.Add(Build.Registry(id, name, "630103002", $"城中区南大街{i}号"));
        }
        return rows;
    }
}
