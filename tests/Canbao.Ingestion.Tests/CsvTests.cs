using System.Text;
using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion.Tests;

/// <summary>Cases 05, 06, 07 and their classes: BOM, RFC 4180 quoting, delimiters, unnamed and missing columns.</summary>
public class CsvTests
{
    [Fact]
    public void Case05_BomAndQuotedHeader_FromStream()
    {
        var drop = Drop.Case("05-utf8-bom-quoted-header.input.csv").Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal("UTF-8 BOM", drop.Summary.Encoding);
        Assert.Equal(3, drop.Summary.Rows);
        Assert.Empty(drop.Summary.IgnoredColumns);
        Assert.Equal("王小明", drop.Value(1, "name"));
        Assert.Equal("110105199003071239", drop.Value(1, "resident_id"));
        Assert.DoesNotContain(drop.Rows, r => r.Result.Record.Values.Any(v => v.Contains('\uFEFF')));
    }

    [Fact]
    public void Case05_BomAndQuotedHeader_FromDecodedString()
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Drop.CasePath("05-utf8-bom-quoted-header.input.csv")));
        Assert.Equal('\uFEFF', text[0]); // GetString keeps the BOM: the trap of case 05
        var drop = Drop.Text(text).Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal(3, drop.Summary.Rows);
        Assert.Equal("王小明", drop.Value(1, "name"));
        Assert.Equal("110105199003071239", drop.Value(1, "resident_id"));
        Assert.DoesNotContain(drop.Rows, r => r.Result.Record.Values.Any(v => v.Contains('\uFEFF')));
    }

    [Fact]
    public void Case05_BomInsideData_IsWarnedNotSilentlyRemoved()
    {
        // Two files concatenated: the second file's BOM lands at the start of a data field.
        var drop = Drop.Utf8(Drop.Header + "\r\n" + Drop.Row1 + "\r\n\uFEFF" + Drop.Row2 + "\r\n").Balanced();
        Assert.Equal(RowOutcome.Accepted, drop.Row(1).Outcome);
        var row2 = drop.Row(2);
        Assert.Equal(RowOutcome.Held, row2.Outcome);
        var issue = Assert.Single(row2.Issues, i => i.Issue.Code == ReaderIssueCodes.BomInData);
        Assert.Equal("姓名", issue.Column);
        Assert.Equal("周婷", row2.Record["name"]);
    }

    [Fact]
    public void Case06_QuotedLineBreaksCommasAndQuotes()
    {
        var drop = Drop.Case("06-quoted-line-breaks.input.csv").Balanced();
        Assert.Equal(3, drop.Summary.Rows);
        Assert.All(drop.Rows, r => Assert.DoesNotContain(r.Result.Issues, i => i.Issue.Code is ReaderIssueCodes.RowTooShort or ReaderIssueCodes.UnnamedColumnData));
        Assert.Equal("西安市雁塔区示范路10号\n3单元502室", drop.Value(1, "hukou_address"));
        Assert.Equal("西安市雁塔区示范路10号,3单元502室", drop.Value(1, "residence_address"));
        Assert.Equal("青岛市市南区样本路11号\r2号楼", drop.Value(2, "hukou_address"));
        Assert.Equal("示例科技有限公司(\"青岛分公司\")", drop.Value(2, "employer_name"));
        Assert.Equal("91310115MA1K3Y4Q78", drop.Value(2, "employer_uscc"));
        Assert.Equal("沈阳市和平区试验街12号\r\n（临时住所）", drop.Value(3, "residence_address"));
        Assert.Equal("13800000010", drop.Value(3, "phone"));
        // Physical start lines (CR, LF and CRLF each end a line): header line 1; record 1 lines 2–3 (LF inside quotes),
        // record 2 lines 4–5 (lone CR inside quotes), record 3 lines 6–7 (CRLF inside quotes).
        Assert.Equal(new long[] { 2, 4, 6 }, drop.Rows.Select(r => r.Line));
        Assert.Equal(new long[] { 1, 2, 3 }, drop.Rows.Select(r => r.Result.Row));
    }

    [Fact]
    public void LoneCrAndLfLineEndings_BetweenRecords()
    {
        var drop = Drop.Utf8(Drop.Header + "\r" + Drop.Row1 + "\n" + Drop.Row2).Balanced();
        Assert.Equal(2, drop.Summary.Rows);
        Assert.Equal("周婷", drop.Value(2, "name"));
    }

    [Fact]
    public void Case07_TrailingEmptyColumns_AndDataInUnnamedColumn()
    {
        var drop = Drop.Case("07-trailing-empty-columns.input.csv").Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal(4, drop.Summary.Rows);
        for (var r = 1; r <= 3; r++)
            Assert.DoesNotContain(drop.Row(r).Issues, i => i.Issue.Code is ReaderIssueCodes.RowTooShort or ReaderIssueCodes.UnnamedColumnData);
        Assert.NotEqual(RowOutcome.Rejected, drop.Row(2).Outcome); // 11 fields: the missing ones are the ignorable empty columns
        var row4 = drop.Row(4);
        Assert.Equal(RowOutcome.Held, row4.Outcome);
        var issue = Assert.Single(row4.Issues, i => i.Issue.Code == ReaderIssueCodes.UnnamedColumnData);
        Assert.Equal("13", issue.Column);
        Assert.Contains("row 4", issue.Issue.Message);
        Assert.Contains("备注:已核实", issue.Issue.Message);
    }

    [Fact]
    public void RowMissingANamedColumn_IsRejectedWithRowNumber()
    {
        var shortRow = string.Join(',', Drop.Row2.Split(',').Take(9));
        var drop = Drop.Utf8(Drop.Header + ",,\r\n" + Drop.Row1 + "\r\n" + shortRow + "\r\n").Balanced();
        Assert.Equal(RowOutcome.Accepted, drop.Row(1).Outcome);
        var row2 = drop.Row(2);
        Assert.Equal(RowOutcome.Rejected, row2.Outcome);
        var issue = Assert.Single(row2.Issues);
        Assert.Equal(ReaderIssueCodes.RowTooShort, issue.Issue.Code);
        Assert.Equal("参保险种", issue.Column);
        Assert.Contains("row 2 (line 3)", issue.Issue.Message);
        Assert.Empty(row2.Record);
    }

    [Fact]
    public void ExtraValueBeyondHeader_IsReportedWithColumnNumber()
    {
        var drop = Drop.Utf8(Drop.Header + "\r\n" + Drop.Row1 + ",,x\r\n").Balanced();
        var issue = Assert.Single(drop.Row(1).Issues);
        Assert.Equal(ReaderIssueCodes.UnnamedColumnData, issue.Issue.Code);
        Assert.Equal("13", issue.Column); // 11 named + one empty + "x"
    }

    [Theory]
    [InlineData('\t')]
    [InlineData('|')]
    [InlineData(',')]
    public void Delimiter_IsDetected(char delimiter)
    {
        string Convert(string line) => line.Replace(',', delimiter);
        var addressWithComma = delimiter == ',' ? "\"北京市朝阳区,测试路1号\"" : "北京市朝阳区,测试路1号";
        var row1 = Convert(Drop.Row1).Replace("北京市朝阳区测试路1号" + delimiter + "北京市朝阳区测试路1号",
            "北京市朝阳区测试路1号" + delimiter + addressWithComma);
        var drop = Drop.Utf8(Convert(Drop.Header) + "\r\n" + row1 + "\r\n" + Convert(Drop.Row2) + "\r\n").Balanced();
        Assert.Equal(delimiter, drop.Summary.Delimiter);
        Assert.Equal(2, drop.Summary.Rows);
        Assert.Equal("北京市朝阳区,测试路1号", drop.Value(1, "residence_address"));
        Assert.Equal("周婷", drop.Value(2, "name"));
    }

    [Fact]
    public void BlankLines_AreNotDataRows()
    {
        var drop = Drop.Utf8(Drop.Header + "\r\n" + Drop.Row1 + "\r\n\r\n,,,,,,,,,,\r\n" + Drop.Row2 + "\r\n\r\n").Balanced();
        Assert.Equal(2, drop.Summary.Rows);
        Assert.Equal(3, drop.Summary.BlankRows); // empty line, a line of commas, the empty last line
        Assert.Equal("周婷", drop.Value(2, "name"));
    }

    [Fact]
    public void NonSeekableStream_IsRead()
    {
        var bytes = Drop.Gb18030.GetBytes(Drop.Header + "\r\n" + Drop.Row1 + "\r\n");
        using var stream = new NonSeekable(bytes);
        var drop = Drop.Stream(stream, "pipe.csv").Balanced();
        Assert.Equal("GB18030", drop.Summary.Encoding);
        Assert.Equal("王小明", drop.Value(1, "name"));
    }

    [Fact]
    public void EmptyFile_IsAFileLevelError()
    {
        var drop = Drop.Utf8("");
        Assert.Equal(FileErrorCodes.Empty, drop.Summary.Error?.Code);
        Assert.Equal(0, drop.Summary.Rows);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
