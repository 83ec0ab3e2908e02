using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion.Tests;

/// <summary>Case 15 and its class: byte offsets in the file's encoding.</summary>
public class FixedWidthTests
{
    private static byte[] CaseBytes => File.ReadAllBytes(Drop.CasePath("15-fixed-width-byte-offsets.input.txt"));

    [Fact]
    public void Case15_FieldsCutOnBytes()
    {
        var drop = Drop.Case("15-fixed-width-byte-offsets.input.txt").Balanced();
        Assert.Equal(DropFormat.FixedWidth, drop.Summary.Format);
        Assert.Equal("GB18030", drop.Summary.Encoding);
        Assert.Equal(4, drop.Summary.Rows);
        Assert.Equal(0, drop.Summary.Rejected);
        Assert.Equal(new[] { "110105199003071239", "420102197008080665", "650102198707070076", "500103198909090888" },
            drop.Rows.Select(r => r.Result.Record["resident_id"]));
        Assert.Equal(new[] { "王小明", "欧阳晓红", "努尔·艾力", "王𠮷" }, drop.Rows.Select(r => r.Result.Record["name"]));
        Assert.Equal("王𠮷", drop.Value(4, "name"));
        Assert.Equal(4, Drop.Gb18030.GetByteCount("𠮷"));
        Assert.Equal("武汉市江岸区模拟街9号", drop.Value(2, "hukou_address"));
        Assert.Equal(new[] { "1", "2", "1", "2" }.Select(s => s.Length), drop.Rows.Select(r => r.Result.Record["sex"].Length)); // present
        Assert.Equal(new long[] { 1, 2, 3, 4 }, drop.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Case15_CharacterBasedLayout_WouldFail()
    {
        // The trap: cutting the DECODED line by the same numbers (as characters) yields a wrong ID for a Chinese name.
        var line = Drop.Gb18030.GetString(CaseBytes).Split("\r\n")[0];
        Assert.NotEqual("110105199003071239", line.Substring(20, 18));
        Assert.Equal("bytes", FeedCatalog.Registration.FixedWidth!.Unit);
    }

    [Fact]
    public void WrongRecordLength_IsRejectedWithLineNumber_NotRealigned()
    {
        var lines = Drop.Gb18030.GetString(CaseBytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        lines[1] = lines[1].Remove(0, 1); // 欧 removed: two bytes short
        var drop = Drop.Bytes(Drop.Gb18030.GetBytes(string.Join("\r\n", lines) + "\r\n"), "deaths.txt").Balanced();
        Assert.Equal(4, drop.Summary.Rows);
        var row = drop.Row(2);
        Assert.Equal(RowOutcome.Rejected, row.Outcome);
        var issue = Assert.Single(row.Issues);
        Assert.Equal(ReaderIssueCodes.RecordLength, issue.Issue.Code);
        Assert.Contains("line 2", issue.Issue.Message);
        Assert.Contains("75 bytes", issue.Issue.Message);
        Assert.Equal(RowOutcome.Accepted, drop.Row(3).Outcome);
    }

    [Fact]
    public void BoundaryInsideMultiByteCharacter_IsAFieldLevelEncodingError()
    {
        // A 1-byte pad in front of a 10-character name: the 20-byte field ends inside the 10th character.
        var name = Drop.Gb18030.GetBytes(" 一二三四五六七八九十"); // 21 bytes
        var rest = Drop.Gb18030.GetBytes("110105199003071239" + "1" + "19900307" + "北京市朝阳区测试路1号" + new string(' ', 8));
        var record = name.Concat(rest).ToArray();
        Assert.Equal(1 + 20 + 18 + 1 + 8 + 21 + 8, record.Length);
        record = record[..77];
        var drop = Drop.Bytes(record.Concat("\r\n"u8.ToArray()).ToArray(), "reg.txt").Balanced();
        var row = drop.Row(1);
        Assert.Equal(RowOutcome.Rejected, row.Outcome);
        Assert.Contains(row.Issues, i => i.Issue.Code == ReaderIssueCodes.FieldEncoding && i.Column == "姓名");
        Assert.DoesNotContain(row.Record.Values, v => v.Contains('\uFFFD'));
        Assert.DoesNotContain(row.Issues, i => i.Issue.Code == "REQUIRED_MISSING" && i.Column == "姓名");
    }

    [Fact]
    public void Utf8FixedWidth_IsCutOnUtf8Bytes()
    {
        var name = "王小明"; // 9 bytes in UTF-8
        var record = Encoding.UTF8.GetBytes(name + new string(' ', 11) + "110105199003071239" + "1" + "19900307" + "北京" + new string(' ', 24));
        Assert.Equal(77, record.Length);
        var drop = Drop.Bytes(record, "utf8.txt").Balanced();
        Assert.Equal("UTF-8", drop.Summary.Encoding);
        Assert.Equal("王小明", drop.Value(1, "name"));
        Assert.Equal("110105199003071239", drop.Value(1, "resident_id"));
        Assert.Equal("北京", drop.Value(1, "hukou_address"));
    }

    [Fact]
    public void FeedWithoutLayout_ReadsTxtAsCsv()
    {
        var drop = Drop.Utf8("身份证号\t姓名\r\n110105199003071239\t王小明\r\n", "students.txt", FeedCatalog.Students).Balanced();
        Assert.Equal(DropFormat.Csv, drop.Summary.Format);
        Assert.Equal('\t', drop.Summary.Delimiter);
        Assert.Equal("王小明", drop.Value(1, "name"));
    }
}
