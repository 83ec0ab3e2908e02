using System.Text;
using System.Text.Json;
using Canbao.Cli.Commands;

namespace Canbao.Cli.Tests;

/// <summary><c>canbao validate</c> as a user sees it: stdout, stderr and the exit code, for the defects found in session 2.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private const string Header = "姓名,公民身份号码,性别,出生日期,户籍地址,居住地址,联系电话,工作单位,统一社会信用代码,参保险种,参保状态";
    private const string Row = "王小明,110105199003071239,男,1990-03-07,北京市朝阳区测试路1号,北京市朝阳区测试路1号,13800000001,示例科技有限公司,91310115MA1K3Y4Q78,职工基本养老保险,参保缴费";
    private readonly string _dir = Directory.CreateTempSubdirectory("canbao-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Out, string Err) Run(string name, byte[]? content, bool json)
    {
        var path = Path.Combine(_dir, name);
        if (content is not null) File.WriteAllBytes(path, content);
        using var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var exit = ValidateCommand.Run(new FileInfo(path), "registration", json, "2026-11-29", stdout, stderr);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    [Fact]
    public void Json_ForAnUnreadableFile_PrintsTheOneObjectWithTheFileLevelError_AndExits2()
    {
        var bytes = Utf8(Header + "\r\n" + Row + "\r\n王").Concat(new byte[] { 0xFF, (byte)'\r', (byte)'\n' }).ToArray();
        var (exit, output, err) = Run("bad-byte.csv", bytes, json: true);
        Assert.Equal(2, exit);
        using var doc = JsonDocument.Parse(output);
        var o = doc.RootElement;
        Assert.Equal(["file", "feed", "encoding", "rows", "accepted", "held", "rejected", "error", "warnings", "results"], o.EnumerateObject().Select(p => p.Name));
        Assert.Equal("bad-byte.csv", o.GetProperty("file").GetString());
        Assert.Equal("registration", o.GetProperty("feed").GetString());
        Assert.Equal(JsonValueKind.Null, o.GetProperty("encoding").ValueKind);
        Assert.Equal((0, 0, 0, 0), (o.GetProperty("rows").GetInt32(), o.GetProperty("accepted").GetInt32(), o.GetProperty("held").GetInt32(), o.GetProperty("rejected").GetInt32()));
        Assert.Equal("FILE_ENCODING", o.GetProperty("error").GetProperty("code").GetString());
        var offset = Utf8(Header + "\r\n" + Row + "\r\n王").Length;
        Assert.StartsWith($"the file is neither valid UTF-8 nor valid GB18030 (tried in that order): as UTF-8 it breaks at line 3 (data row 2), byte offset {offset} (byte FF); as GB18030 at line 1",
            o.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, o.GetProperty("results").GetArrayLength());
        Assert.Equal(1, output.Count(c => c == '\n'));
        Assert.StartsWith("canbao validate: bad-byte.csv: cannot be read — FILE_ENCODING: the file is neither valid UTF-8", err);
    }

    [Fact]
    public void Json_ForAMissingFile_PrintsTheObjectWithFileCannotOpen()
    {
        var (exit, output, err) = Run("nowhere.csv", null, json: true);
        Assert.Equal(2, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("FILE_CANNOT_OPEN", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal($"{Path.Combine(_dir, "nowhere.csv")}: no such file", doc.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("encoding").ValueKind);
        Assert.Contains("FILE_CANNOT_OPEN", err);
    }

    [Fact]
    public void HeaderOnlyFile_ExitsZero_WithTheNoDataRowsWarning_InBothOutputs()
    {
        var (exit, output, err) = Run("header-only.csv", Utf8(Header + "\r\n"), json: false);
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Equal(
            "file      header-only.csv\nfeed      registration\nformat    Csv (delimiter ,)\nencoding  UTF-8\nrows      0 = accepted 0 + held 0 + rejected 0\n" +
            "warning   FILE_NO_DATA_ROWS: the file has a header but no data rows; nothing to import — was the export cut off?\n",
            output.ReplaceLineEndings("\n"));

        var (jsonExit, json, _) = Run("header-only.csv", null, json: true);
        Assert.Equal(0, jsonExit);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("error").ValueKind);
        Assert.Equal("UTF-8", doc.RootElement.GetProperty("encoding").GetString());
        var warning = Assert.Single(doc.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("FILE_NO_DATA_ROWS", warning.GetProperty("code").GetString());
    }

    [Fact]
    public void RequiredMissing_NamesTheFilesColumnHeader_InTheHumanOutput()
    {
        var csv = "人员姓名,身份证号码\r\n王小明,\r\n";
        var (exit, output, _) = Run("missing-id.csv", Utf8(csv), json: false);
        Assert.Equal(0, exit);
        Assert.StartsWith(
            "row 1 (line 2) rejected\n    身份证号码: REQUIRED_MISSING (error) column \"身份证号码\" (standard field 公民身份号码 / resident_id) is required and empty\n",
            output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Json_ForAReadableFile_HasNullErrorAndEmptyWarnings_AndTheRows()
    {
        var (exit, output, _) = Run("ok.csv", Utf8(Header + "\r\n" + Row + "\r\n"), json: true);
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var o = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, o.GetProperty("error").ValueKind);
        Assert.Equal(0, o.GetProperty("warnings").GetArrayLength());
        var row = Assert.Single(o.GetProperty("results").EnumerateArray());
        Assert.Equal("accepted", row.GetProperty("outcome").GetString());
        Assert.Equal("110105199003071239", row.GetProperty("record").GetProperty("resident_id").GetString());
    }
}
