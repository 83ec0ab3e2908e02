using Canbao.Domain.Identifiers;

namespace Canbao.Synthetic;

/// <summary>
/// Draws Chinese personal names from skewed distributions: surnames weighted by their approximate share in the
/// 2020 census (王, 李, 张, 刘, 陈 … take a large part), given names of one or two characters from sex-specific
/// character pools (so 王伟 and 张丽 recur, as in real registers), ethnic-minority names with the middle dot U+00B7
/// (民委发〔2016〕33号), Tibetan-style names without a surname, and a few characters outside the BMP.
/// </summary>
public static class NameGenerator
{
    // (surname, weight per mille) — approximate shares; the tail is spread over the rest of the list.
    private static readonly (string Name, int Weight)[] Surnames =
    [
        ("王", 72), ("李", 71), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("赵", 20), ("黄", 19), ("周", 18), ("吴", 18),
        ("徐", 13), ("孙", 12), ("马", 25), ("胡", 10), ("朱", 10), ("郭", 10), ("何", 9), ("罗", 9), ("高", 9), ("林", 8),
        ("韩", 6), ("冯", 6), ("祁", 6), ("魏", 6), ("鲁", 5), ("任", 5), ("汪", 5), ("严", 3), ("窦", 3), ("白", 5),
        ("沈", 4), ("邓", 4), ("许", 4), ("傅", 3), ("曹", 4), ("彭", 4), ("曾", 4), ("肖", 4), ("田", 4), ("董", 4),
        ("袁", 4), ("潘", 3), ("于", 3), ("蒋", 3), ("蔡", 3), ("余", 3), ("杜", 3), ("叶", 3), ("程", 3), ("苏", 3),
        ("吕", 3), ("丁", 3), ("喇", 2), ("冶", 2), ("铁", 1), ("仁", 1), ("乔", 2), ("雷", 2), ("贾", 2), ("薛", 2),
        ("欧阳", 1), ("司马", 1), ("上官", 1),
    ];

    private const string MaleChars = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林成建国文海东亮忠志晨新春永德福生庆";
    private const string FemaleChars = "芳娜敏静丽艳娟霞秀英华慧巧美婷雪琳玉萍红梅兰桂凤洁晶颖莉琴云莹倩璐欣悦佳思雨梦";
    private const string NeutralChars = "文明玉小晓子天海金永青春雅";

    private static readonly string[] DottedGiven = ["买买提", "艾力", "阿不都", "热合曼", "吐尔逊", "依明", "卡德尔", "阿布拉", "努尔", "艾合买提"];
    private static readonly string[] DottedGivenF = ["古丽", "阿依古丽", "帕提曼", "热依拉", "米娜瓦尔", "阿瓦古丽"];
    private static readonly string[] Tibetan = ["才让", "多杰", "卓玛", "拉毛", "旦增", "扎西", "索南", "桑杰", "措毛", "尼玛", "完么", "当周"];

    /// <summary>CJK ideographs outside the BMP seen in real names (Extension B and later), written as surrogate pairs.</summary>
    private static readonly string[] Astral = [char.ConvertFromUtf32(0x2C029), char.ConvertFromUtf32(0x2B5AE), char.ConvertFromUtf32(0x21484), char.ConvertFromUtf32(0x20B9F)];

    private static readonly int SurnameTotal = Surnames.Sum(s => s.Weight);

    /// <summary>Name kind of a household (decides how members are named).</summary>
    public enum Style
    {
        /// <summary>Han-style: surname + one or two characters.</summary>
        Han,
        /// <summary>Tibetan-style: two two-character names, no surname (e.g. 才让多杰).</summary>
        Tibetan,
        /// <summary>Transliterated given·father names with the middle dot U+00B7 (e.g. 买买提·艾力).</summary>
        Dotted,
    }

    /// <summary>Draws a household's name style: about 1 % dotted, 5 % Tibetan-style, the rest Han-style.</summary>
    public static Style DrawStyle(ref Rng rng)
    {
        var u = rng.NextDouble();
        return u < 0.01 ? Style.Dotted : u < 0.06 ? Style.Tibetan : Style.Han;
    }

    /// <summary>Draws a surname by its weight.</summary>
    public static string DrawSurname(ref Rng rng)
    {
        var x = rng.Next(SurnameTotal);
        foreach (var (name, weight) in Surnames)
        {
            if (x < weight) return name;
            x -= weight;
        }
        return Surnames[0].Name;
    }

    /// <summary>Draws a full name for a person of the given style, surname (Han style) and sex.</summary>
    public static string Draw(ref Rng rng, Style style, string surname, Sex sex)
    {
        switch (style)
        {
            case Style.Dotted:
                return string.Concat(sex == Sex.Female ? rng.Pick(DottedGivenF) : rng.Pick(DottedGiven), "\u00B7", rng.Pick(DottedGiven));
            case Style.Tibetan:
                var t1 = rng.Next(Tibetan.Length);
                return string.Concat(Tibetan[t1], Tibetan[(t1 + 1 + rng.Next(Tibetan.Length - 1)) % Tibetan.Length]);
        }
        var pool = sex == Sex.Female ? FemaleChars : MaleChars;
        var first = rng.Chance(0.15) ? NeutralChars[rng.Next(NeutralChars.Length)] : pool[rng.Next(pool.Length)];
        if (rng.Chance(0.0015)) return string.Concat(surname, rng.Pick(Astral));
        if (rng.Chance(0.35)) return string.Concat(surname, first.ToString());
        return string.Concat(surname, first.ToString(), pool[rng.Next(pool.Length)].ToString());
    }
}
