using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion.Tests;

/// <summary>Reads a drop completely for assertions.</summary>
internal sealed record Drop(DropSummary Summary, IReadOnlyList<ReadRow> Rows)
{
    public static readonly ValidationContext Context = ValidationContext.For(new DateOnly(2026, 11, 29));

    /// <summary>GB18030 as the library provides it (the library registers the code-page provider itself).</summary>
    public static Encoding Gb18030 => TextEncodingDetector.Gb18030Strict;

    public static string CasePath(string name) => Path.Combine(AppContext.BaseDirectory, "Cases", name);

    public static Drop Case(string name, FeedSpec? feed = null) => Bytes(File.ReadAllBytes(CasePath(name)), name, feed);

    public static Drop Bytes(byte[] bytes, string name, FeedSpec? feed = null, ReaderLimits? limits = null)
    {
        using var stream = new MemoryStream(bytes);
        return Stream(stream, name, feed, limits);
    }

    public static Drop Stream(Stream stream, string name, FeedSpec? feed = null, ReaderLimits? limits = null)
    {
        using var reading = DropReader.Read(stream, name, feed ?? FeedCatalog.Registration, Context, limits);
        var rows = reading.Rows.ToList();
        return new Drop(reading.Summary, rows);
    }

    public static Drop Text(string text, string name = "pasted.csv", FeedSpec? feed = null)
    {
        using var reading = DropReader.ReadText(text, name, feed ?? FeedCatalog.Registration, Context);
        var rows = reading.Rows.ToList();
        return new Drop(reading.Summary, rows);
    }

    public static Drop Utf8(string text, string name = "drop.csv", FeedSpec? feed = null, ReaderLimits? limits = null) =>
        Bytes(new UTF8Encoding(false).GetBytes(text), name, feed, limits);

    public RowResult Row(int row) => Rows.Single(r => r.Result.Row == row).Result;

    public string Value(int row, string key) => Row(row).Record[key];

    /// <summary>Rows in = accepted + held + rejected, asserted for every drop a test reads.</summary>
    public Drop Balanced()
    {
        Assert.Equal(Summary.Rows, Summary.Accepted + Summary.Held + Summary.Rejected);
        Assert.Equal(Rows.Count, Summary.Rows);
        return this;
    }

    public static string Header = "姓名,公民身份号码,性别,出生日期,户籍地址,居住地址,联系电话,工作单位,统一社会信用代码,参保险种,参保状态";
    public static string Row1 = "王小明,110105199003071239,男,1990-03-07,北京市朝阳区测试路1号,北京市朝阳区测试路1号,13800000001,示例科技有限公司,91310115MA1K3Y4Q78,职工基本养老保险,参保缴费";
    public static string Row2 = "周婷,510107199505050187,女,1995-05-05,成都市武侯区演示路8号,成都市武侯区演示路8号,13800000006,示例科技有限公司,91310115MA1K3Y4Q78,城乡居民基本医疗保险,参保缴费";
}
