using System.IO.Compression;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion.Tests;

/// <summary>XLSX: cell types honoured, 1904 dates, spreadsheet damage reported, zip bombs refused.</summary>
public class XlsxTests
{
    private static readonly object?[] Header = Drop.Header.Split(',');

    private static object?[] Row(object? id, object? birth = null, object? phone = null, string name = "王小明") =>
        [name, id, "男", birth ?? "1990-03-07", "北京市朝阳区测试路1号", "北京市朝阳区测试路1号", phone ?? "13800000001", "示例科技有限公司", "91310115MA1K3Y4Q78", "职工基本养老保险", "参保缴费"];

    private static Drop Read(byte[] xlsx, ReaderLimits? limits = null) => Drop.Bytes(xlsx, "drop.xlsx", limits: limits);

    [Fact]
    public void TextCells_AreReadLikeCsv()
    {
        var drop = Read(XlsxBuilder.Build([Header, Row("110105199003071239"), Row("510107199505050187", "1995-05-05", "13800000006", "周婷")])).Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal(DropFormat.Xlsx, drop.Summary.Format);
        Assert.Null(drop.Summary.Encoding);
        Assert.Equal(2, drop.Summary.Rows);
        Assert.Equal(RowOutcome.Accepted, drop.Row(1).Outcome);
        Assert.Equal("周婷", drop.Value(2, "name"));
        Assert.Equal(new long[] { 2, 3 }, drop.Rows.Select(r => r.Line));
    }

    [Theory]
    [InlineData(110105199003071239d)]   // what Excel stores for an 18-digit ID typed as a number: 1.10105199003071E+17
    [InlineData(320106680415123d)]      // a 15-digit legacy ID as a number: exact in a double, still not converted
    public void NumericIdCell_IsReportedAsSuch_NeverConvertedToDigits(double stored)
    {
        var drop = Read(XlsxBuilder.Build([Header, Row(stored)])).Balanced();
        var row = drop.Row(1);
        Assert.Equal(RowOutcome.Rejected, row.Outcome);
        var issue = Assert.Single(row.Issues);
        Assert.Equal(IssueCodes.IdNumericCell, issue.Issue.Code);
        Assert.Equal("公民身份号码", issue.Column);
        Assert.DoesNotContain("1101051990", issue.Issue.Message);
        Assert.DoesNotContain("320106680", issue.Issue.Message);
        Assert.Empty(row.Record);
    }

    [Fact]
    public void ScientificFormattedNumberCell_IsANumericIdCell()
    {
        var drop = Read(XlsxBuilder.Build([Header, Row(new XlsxBuilder.ScientificCell(1.10105199003071E+17))])).Balanced();
        Assert.Equal(IssueCodes.IdNumericCell, Assert.Single(drop.Row(1).Issues).Issue.Code);
    }

    [Fact]
    public void ScientificNotationAsText_IsReportedByTheIdParser()
    {
        var drop = Read(XlsxBuilder.Build([Header, Row("1.10105E+17")])).Balanced();
        var row = drop.Row(1);
        Assert.Equal(RowOutcome.Rejected, row.Outcome);
        Assert.Equal(IssueCodes.IdScientificNotation, Assert.Single(row.Issues).Issue.Code);
    }

    [Fact]
    public void NumericPhoneCell_BecomesDigits()
    {
        var drop = Read(XlsxBuilder.Build([Header, Row("110105199003071239", phone: 13800000001d)])).Balanced();
        Assert.Equal("13800000001", drop.Value(1, "phone"));
    }

    [Theory]
    [InlineData(false, 32939d)] // 1990-03-07 in the 1900 date system
    [InlineData(true, 31477d)]  // the same day in the 1904 date system (1462 days less)
    public void DateCells_HonourTheWorkbookDateSystem(bool date1904, double serial)
    {
        var drop = Read(XlsxBuilder.Build([Header, Row("110105199003071239", new XlsxBuilder.DateCell(serial))], date1904)).Balanced();
        Assert.Equal("1990-03-07", drop.Value(1, "birth_date"));
    }

    [Fact]
    public void ZipBomb_IsRefusedBeforeParsing()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) s.Write(zeros); // 64 MiB of zeros → ~64 KiB compressed
        }
        var drop = Read(ms.ToArray());
        Assert.Equal(FileErrorCodes.XlsxExpansion, drop.Summary.Error?.Code);
        Assert.Contains("zip bomb", drop.Summary.Error!.Message);
        Assert.Empty(drop.Rows);
    }

    [Fact]
    public void ArchiveLargerThanLimit_IsRefused()
    {
        var xlsx = XlsxBuilder.Build([Header, Row("110105199003071239")]);
        var drop = Read(xlsx, new ReaderLimits(MaxXlsxUncompressedBytes: 1000));
        Assert.Equal(FileErrorCodes.XlsxExpansion, drop.Summary.Error?.Code);
    }

    [Fact]
    public void CorruptArchive_IsAFileLevelError()
    {
        var xlsx = XlsxBuilder.Build([Header, Row("110105199003071239")]);
        var corrupt = xlsx[..(xlsx.Length / 2)];
        var drop = Read(corrupt);
        Assert.Equal(FileErrorCodes.XlsxUnreadable, drop.Summary.Error?.Code);
    }

    [Fact]
    public void MissingRequiredColumn_IsAFileLevelError()
    {
        var drop = Read(XlsxBuilder.Build([["姓名", "性别"], ["王小明", "男"]]));
        Assert.Equal(FileErrorCodes.RequiredColumnMissing, drop.Summary.Error?.Code);
    }

    [Fact]
    public void DataInUnnamedColumn_IsReported()
    {
        var drop = Read(XlsxBuilder.Build([Header, [.. Row("110105199003071239"), null, "备注:已核实"]])).Balanced();
        var issue = Assert.Single(drop.Row(1).Issues);
        Assert.Equal(ReaderIssueCodes.UnnamedColumnData, issue.Issue.Code);
        Assert.Equal("13", issue.Column);
        Assert.Contains("备注:已核实", issue.Issue.Message);
    }
}
