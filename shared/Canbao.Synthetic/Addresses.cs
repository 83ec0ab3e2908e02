using System.Globalization;
using Canbao.Domain.Identifiers;

namespace Canbao.Synthetic;

/// <summary>Plausible addresses and phone numbers: streets in urban townships, villages in rural ones.</summary>
public static class Addresses
{
    private static readonly string[] Roads = ["胜利路", "建国路", "长江路", "黄河路", "昆仑路", "五四大街", "七一路", "八一路", "海湖路", "柴达木路", "文化街", "南山路", "北山路", "同仁路"];
    private static readonly string[] Villages = ["新庄", "上庄", "下庄", "河湾", "杨家", "李家", "马场", "东沟", "西沟", "红崖", "土门", "峡口"];
    private static readonly Dictionary<string, string> ProvinceNames = new(StringComparer.Ordinal)
    {
        ["62"] = "甘肃省", ["41"] = "河南省", ["51"] = "四川省", ["64"] = "宁夏回族自治区", ["61"] = "陕西省", ["13"] = "河北省",
        ["37"] = "山东省", ["50"] = "重庆市", ["42"] = "湖北省",
    };

    /// <summary>An address in the township: "西宁市城东区东关大街街道胜利路12号3单元402室" or "…镇新庄村56号".</summary>
    public static string Residence(ref Rng rng, CityMap city, District d, Township t)
    {
        var rural = t.Name.EndsWith('镇') || t.Name.EndsWith('乡');
        return rural
            ? string.Concat(city.CityName, d.Name, t.Name, rng.Pick(Villages), "村", rng.Next(1, 200).ToString(CultureInfo.InvariantCulture), "号")
            : string.Concat(city.CityName, d.Name, t.Name, rng.Pick(Roads), rng.Next(1, 300).ToString(CultureInfo.InvariantCulture), "号",
                rng.Next(1, 6).ToString(CultureInfo.InvariantCulture), "单元", rng.Next(1, 25).ToString(CultureInfo.InvariantCulture), "0",
                rng.Next(1, 5).ToString(CultureInfo.InvariantCulture), "室");
    }

    /// <summary>A home address in another province (residence-permit holders' 户籍地址).</summary>
    public static string Elsewhere(ref Rng rng, string regionCode)
    {
        var province = ProvinceNames.GetValueOrDefault(regionCode[..2], "外省");
        var county = RegionCodeHistory.Default.Find(regionCode)?.Names[^1] ?? "";
        return string.Concat(province, county, rng.Pick(Roads), rng.Next(1, 300).ToString(CultureInfo.InvariantCulture), "号");
    }

    /// <summary>A mobile number: 1, a second digit 3–9, nine more digits.</summary>
    public static string Mobile(ref Rng rng) =>
        string.Concat("1", rng.Next(3, 10).ToString(CultureInfo.InvariantCulture), rng.Next(0, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture));
}
