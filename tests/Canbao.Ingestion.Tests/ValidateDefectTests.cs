using System.Text;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion.Tests;

/// <summary>Defects a fresh user found in <c>canbao validate</c> (session 2): what the reader now reports, exactly.</summary>
public class ValidateDefectTests
{
    private static string Rows(int n)
    {
        var sb = new StringBuilder(Drop.Header).Append("\r\n");
        for (var i = 0; i < n; i++) sb.Append(Drop.Row1).Append("\r\n");
        return sb.ToString();
    }

    [Fact]
    public void Utf8FileWithOneInvalidByte_ReportsWhereUtf8Broke_AndTheEncodingsTried()
    {
        // 40 clean rows, then a 0xFF byte inside the name of data row 41 (line 42).
        var text = Encoding.UTF8.GetBytes(Rows(40));
        var bytes = text.Concat(Encoding.UTF8.GetBytes("王")).Concat(new byte[] { 0xFF })
            .Concat(Encoding.UTF8.GetBytes(Drop.Row1[1..] + "\r\n")).ToArray();
        var drop = Drop.Bytes(bytes, "one-bad-byte.csv");
        Assert.Equal(FileErrorCodes.Encoding, drop.Summary.Error?.Code);
        Assert.Null(drop.Summary.Encoding);
        Assert.Empty(drop.Rows);
        var offset = text.Length + 3;
        Assert.StartsWith(
            $"the file is neither valid UTF-8 nor valid GB18030 (tried in that order): as UTF-8 it breaks at line 42 (data row 41), byte offset {offset} (byte FF); " +
            "as GB18030 at line 1 (the header), byte offset ", drop.Summary.Error!.Message);
    }

    [Fact]
    public void GbkFileWithOneInvalidByte_AlsoNamesWhereGb18030Broke()
    {
        var bytes = Drop.Gb18030.GetBytes(Rows(3)).Concat(new byte[] { 0xFF, 0xFF, (byte)'\r', (byte)'\n' }).ToArray();
        var drop = Drop.Bytes(bytes, "gbk-bad.csv");
        Assert.Equal(FileErrorCodes.Encoding, drop.Summary.Error?.Code);
        var gbOffset = bytes.Length - 4;
        Assert.Matches(@"^the file is neither valid UTF-8 nor valid GB18030 \(tried in that order\): as UTF-8 it breaks at line 1 \(the header\), byte offset 0 \(bytes? [0-9A-F ]+\); " +
            $@"as GB18030 at line 5 \(data row 4\), byte offset {gbOffset} \(bytes? FF[0-9A-F ]*\); the whole file is rejected", drop.Summary.Error!.Message);
    }

    [Fact]
    public void QuotedLineBreaks_AreNotCountedAsDataRows_InTheEncodingError()
    {
        // Data row 1 spans lines 2–3 (a quoted line break in the address); the bad byte is in data row 2, line 4.
        var head = Encoding.UTF8.GetBytes(Drop.Header + "\r\n" + Drop.Row1.Replace("北京市朝阳区测试路1号,北京", "\"北京市朝阳区\r\n测试路1号\",北京") + "\r\n周");
        var bytes = head.Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(",x\r\n")).ToArray();
        var drop = Drop.Bytes(bytes, "quoted.csv");
        Assert.Contains($"as UTF-8 it breaks at line 4 (data row 2), byte offset {head.Length} (byte C3)", drop.Summary.Error!.Message);
    }

    [Fact]
    public void Utf8BomFileWithInvalidBytes_SaysOnlyUtf8WasTried()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Drop.Header + "\r\n")).Concat(new byte[] { 0xFF }).ToArray();
        var drop = Drop.Bytes(bytes, "bom.csv");
        Assert.Equal(
            $"the file starts with a UTF-8 byte-order mark (BOM), so only UTF-8 was tried, and it is not valid: invalid byte sequence at line 2 (data row 1), byte offset {bytes.Length - 1} (byte FF); the whole file is rejected",
            drop.Summary.Error!.Message);
    }

    [Fact]
    public void RequiredMissing_NamesTheFilesOwnColumnHeader_AndTheStandardField()
    {
        var drop = Drop.Utf8("人员姓名, 身份证号 ,性别\r\n王小明,,男\r\n,110105199003071239,男\r\n").Balanced();
        Assert.Equal([("身份证号", IssueCodes.RequiredMissing, "column \"身份证号\" (standard field 公民身份号码 / resident_id) is required and empty")],
            drop.Row(1).Issues.Select(i => (i.Column, i.Issue.Code, i.Issue.Message)));
        Assert.Equal([("人员姓名", IssueCodes.RequiredMissing, "column \"人员姓名\" (standard field 姓名 / name) is required and empty")],
            drop.Row(2).Issues.Select(i => (i.Column, i.Issue.Code, i.Issue.Message)));
    }

    [Fact]
    public void RequiredName_WithOnlyZeroWidthCharacters_NamesTheColumnToo()
    {
        var drop = Drop.Utf8("姓 名,公民身份号码\r\n\u200B,110105199003071239\r\n").Balanced();
        var issue = Assert.Single(drop.Row(1).Issues);
        Assert.Equal(("姓 名", "column \"姓 名\" (standard field 姓名 / name) is required and empty"), (issue.Column, issue.Issue.Message));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("\r\n\r\n", 2)]
    [InlineData(",,,\r\n", 1)]
    public void HeaderOnlyFile_IsReadWithNoRows_AndAFileLevelWarning(string after, int blank)
    {
        var drop = Drop.Utf8(Drop.Header + "\r\n" + after).Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal((0L, (long)blank), (drop.Summary.Rows, drop.Summary.BlankRows));
        var warning = Assert.Single(drop.Summary.Warnings);
        Assert.Equal(FileWarningCodes.NoDataRows, warning.Code);
        Assert.Equal(blank == 0
            ? "the file has a header but no data rows; nothing to import — was the export cut off?"
            : $"the file has a header but no data rows ({blank} blank row{(blank > 1 ? "s" : "")} after it); nothing to import — was the export cut off?", warning.Message);
    }

    [Fact]
    public void FileWithDataRows_HasNoFileLevelWarning()
    {
        var drop = Drop.Utf8(Rows(1)).Balanced();
        Assert.Empty(drop.Summary.Warnings);
    }

    [Fact]
    public void HeaderOnlyXlsx_GetsTheSameWarning()
    {
        var drop = Drop.Bytes(XlsxBuilder.Build([Drop.Header.Split(',')]), "header-only.xlsx").Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal(FileWarningCodes.NoDataRows, Assert.Single(drop.Summary.Warnings).Code);
    }

    [Fact]
    public void EmptyFixedWidthFile_SaysItHoldsNoRecords_NotThatItHasAHeader()
    {
        var drop = Drop.Bytes([], "2017-06-630102.txt", Canbao.Domain.Standard.FeedCatalog.Deaths).Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal(DropFormat.FixedWidth, drop.Summary.Format);
        var warning = Assert.Single(drop.Summary.Warnings);
        Assert.Equal(FileWarningCodes.NoDataRows, warning.Code);
        Assert.Equal("the file holds no records (fixed-width files have no header); nothing to import — an empty period, or was the export cut off?", warning.Message);
    }
}
