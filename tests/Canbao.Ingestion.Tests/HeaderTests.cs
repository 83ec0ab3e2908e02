using Canbao.Domain.Standard;
using Canbao.Domain.Validation;

namespace Canbao.Ingestion.Tests;

/// <summary>Header normalization and mapping to a feed's fields.</summary>
public class HeaderTests
{
    [Theory]
    [InlineData("\uFEFF姓名", "姓名")]
    [InlineData(" 公民 身份号码\t", "公民身份号码")]
    [InlineData("居住地乡镇（街道）代码", "居住地乡镇(街道)代码")]
    [InlineData("ＳＦＺＨ", "sfzh")]
    [InlineData("Id_Number", "id_number")]
    public void Normalize_FoldsBomWhitespaceWidthAndCase(string raw, string expected) =>
        Assert.Equal(expected, HeaderMap.Normalize(raw));

    [Fact]
    public void AliasesAndVariantSpelling_MapToFields()
    {
        var drop = Drop.Utf8("身份证号, 名字 ,SFZH_IGNORED,居住地乡镇(街道)代码,手机号\r\n110105199003071239,王小明,x,110105001,13800000001\r\n").Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal(new[] { "SFZH_IGNORED" }, drop.Summary.IgnoredColumns);
        Assert.Equal("110105199003071239", drop.Value(1, "resident_id"));
        Assert.Equal("王小明", drop.Value(1, "name"));
        Assert.Equal("13800000001", drop.Value(1, "phone"));
        Assert.Equal("110105001", drop.Value(1, "residence_township"));
    }

    [Fact]
    public void FindingsNameTheColumnAsTheFileWritesIt()
    {
        var drop = Drop.Utf8("名字,身份证号\r\n王小明,110105199003071230\r\n").Balanced();
        var issue = Assert.Single(drop.Row(1).Issues);
        Assert.Equal("身份证号", issue.Column);
        Assert.Equal(IssueCodes.IdCheckMismatch, issue.Issue.Code);
    }

    [Fact]
    public void MissingRequiredColumn_IsAFileLevelErrorNamingIt()
    {
        var drop = Drop.Utf8("姓名,性别\r\n王小明,男\r\n");
        Assert.Equal(FileErrorCodes.RequiredColumnMissing, drop.Summary.Error?.Code);
        Assert.Contains("公民身份号码", drop.Summary.Error!.Message);
        Assert.Empty(drop.Rows);
    }

    [Fact]
    public void MissingRequiredColumn_WhenTheFirstLineIsData_EchoesNoPersonalData()
    {
        // A clerk's headerless export: the "header" is a person. The error must not print the ID, name or phone.
        var drop = Drop.Utf8("王小明,110105199003071239,男,13800000001\r\n周婷,510107199505050187,女,13900000002\r\n");
        Assert.Equal(FileErrorCodes.RequiredColumnMissing, drop.Summary.Error?.Code);
        var message = drop.Summary.Error!.Message;
        Assert.DoesNotContain("110105199003071239", message);
        Assert.DoesNotContain("王小明", message);
        Assert.DoesNotContain("13800000001", message);
        Assert.Contains("4 other cells not shown", message);
    }

    [Fact]
    public void MissingRequiredColumn_ListsTheKnownHeaderNames()
    {
        var drop = Drop.Utf8("姓名,性别,备注\r\n王小明,男,x\r\n");
        var message = drop.Summary.Error!.Message;
        Assert.Contains("header has: 姓名, 性别", message);
        Assert.Contains("1 other cell not shown", message);
    }

    [Fact]
    public void TwoColumnsForOneField_IsAFileLevelError()
    {
        var drop = Drop.Utf8("姓名,身份证号,证件号码\r\n王小明,110105199003071239,110105199003071239\r\n");
        Assert.Equal(FileErrorCodes.DuplicateColumn, drop.Summary.Error?.Code);
        Assert.Contains("columns 2", drop.Summary.Error!.Message);
    }

    [Fact]
    public void DepartmentHeaderWins_OverAnotherColumnMatchingByAlias()
    {
        // household_registry writes 户籍地址; 住址 is only an alias of the same field: the department header wins, the alias column is ignored.
        var drop = Drop.Utf8("身份证号,姓名,住址,户籍地址\r\n110105199003071239,王小明,旧地址,北京市朝阳区测试路1号\r\n", feed: FeedCatalog.HouseholdRegistry).Balanced();
        Assert.Null(drop.Summary.Error);
        Assert.Equal("北京市朝阳区测试路1号", drop.Value(1, "hukou_address"));
        Assert.Contains("住址", drop.Summary.IgnoredColumns);
    }
}
