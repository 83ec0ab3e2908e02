using System.Globalization;
using System.Text;
using Canbao.Domain.Identifiers;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Canbao.Benchmarks;

/// <summary>Generates registration-form (登记表) drops with valid, varied rows for the throughput benchmarks.</summary>
public static class RegistrationDrops
{
    public static readonly string[] Header =
        ["姓名", "公民身份号码", "性别", "出生日期", "户籍地址", "居住地址", "联系电话", "工作单位", "统一社会信用代码", "参保险种", "参保状态"];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "欧阳", "周", "吴", "努尔"];
    private static readonly string[] Given = ["小明", "婷", "晓红", "伟", "芳", "·艾力", "建国", "秀英", "磊", "静"];
    private static readonly string[] Regions = ["110105", "510107", "420102", "630102", "320106", "440106", "650102", "370202"];
    private static readonly string[] Insurance = ["职工基本养老保险", "职工基本医疗保险", "城乡居民基本养老保险", "城乡居民基本医疗保险", "被征地农民社会养老保险"];
    private static readonly string[] Status = ["参保缴费", "暂停缴费", "终止参保"];

    /// <summary>Row i of the form: every field filled, ID valid (GB 11643 check computed).</summary>
    public static string[] Row(int i)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(i * 7 % 25_000);
        var seq = (i % 999 + 1).ToString("000", CultureInfo.InvariantCulture);
        var body = Regions[i % Regions.Length] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq;
        var id = body + ResidentId.ComputeCheckCharacter(body);
        return
        [
            Surnames[i % Surnames.Length] + Given[i / 10 % Given.Length], id, (seq[2] - '0') % 2 == 1 ? "男" : "女",
            birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"西宁市城中区示范路{i % 500 + 1}号", $"西宁市城西区样本街{i % 300 + 1}号{i % 20 + 1}单元",
            "138" + (i % 100_000_000).ToString("00000000", CultureInfo.InvariantCulture), "示例科技有限公司", "91310115MA1K3Y4Q78",
            Insurance[i % Insurance.Length], Status[i % Status.Length],
        ];
    }

    public static void WriteCsv(string path, int rows, Encoding encoding)
    {
        using var w = new StreamWriter(path, false, encoding, 1 << 16);
        w.Write(string.Join(',', Header));
        w.Write("\r\n");
        for (var i = 0; i < rows; i++)
        {
            w.Write(string.Join(',', Row(i)));
            w.Write("\r\n");
        }
    }

    public static void WriteXlsx(string path, int rows)
    {
        IEnumerable<Dictionary<string, object>> Rows()
        {
            for (var i = 0; i < rows; i++)
            {
                var row = Row(i);
                var d = new Dictionary<string, object>(Header.Length);
                for (var c = 0; c < Header.Length; c++) d[Header[c]] = row[c];
                yield return d;
            }
        }
        if (File.Exists(path)) File.Delete(path);
        MiniExcel.SaveAs(path, Rows());
    }
}
