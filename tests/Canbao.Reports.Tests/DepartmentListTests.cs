using Canbao.Reports.Departments;
using MiniExcelLibs;

namespace Canbao.Reports.Tests;

public class DepartmentListTests
{
    private static readonly DepartmentFinding[] Findings =
    [
        new("household_registry", "610113198302140374", "孙浩", "身份证号码校验位错误", "户籍人口 第12行 身份证号"),
        new("migrations", "370202199106060449", "吴芳", "迁出后仍在本市参保", "迁移日期 2026-10-01"),
        new("enrollment", "210102197712120553", "=郑强", "已死亡仍参保", "死亡日期 2026-09-30；参保状态 参保缴费"),
    ];

    [Fact]
    public void Findings_are_grouped_by_the_department_of_their_feed()
    {
        var by = DepartmentLists.ByDepartment(Findings);
        Assert.Equal(new[] { "公安", "社保" }, by.Keys.Order());
        Assert.Equal(2, by["公安"].Count);
        Assert.Single(by["社保"]);
        Assert.Throws<KeyNotFoundException>(() => DepartmentLists.ByDepartment([Findings[0] with { FeedId = "nope" }]));
    }

    [Fact]
    public void A_department_list_has_a_sheet_per_feed_and_neutralised_cells()
    {
        using var ms = new MemoryStream();
        DepartmentLists.WriteXlsx(ms, DepartmentLists.ByDepartment(Findings)["公安"]);
        ms.Position = 0;
        Assert.Equal(new[] { "户籍人口信息", "户籍迁移登记" }, ms.GetSheetNames());
        var row = ms.Query(useHeaderRow: true, sheetName: "户籍人口信息").Cast<IDictionary<string, object>>().Single();
        Assert.Equal("610113198302140374", row["公民身份号码"]);
        Assert.Equal("身份证号码校验位错误", row["问题"]);

        using var ms2 = new MemoryStream();
        DepartmentLists.WriteXlsx(ms2, DepartmentLists.ByDepartment(Findings)["社保"]);
        ms2.Position = 0;
        Assert.Equal("'=郑强", ms2.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().Single()["姓名"]);
        Assert.Equal("enrollment: 210102***********3 已死亡仍参保", DepartmentLists.LogLine(Findings[2]));
    }
}
