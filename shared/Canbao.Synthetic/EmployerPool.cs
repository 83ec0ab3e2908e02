namespace Canbao.Synthetic;

/// <summary>One employer of the synthetic city.</summary>
/// <param name="Number">0-based employer number.</param>
/// <param name="Name">Registered name, e.g. 西宁昆仑建筑工程有限公司.</param>
/// <param name="Uscc">Unified social credit code with a correct check character (GB 32100-2015).</param>
/// <param name="Construction">True for construction firms (their workers are in the construction feed).</param>
public sealed record Employer(int Number, string Name, string Uscc, bool Construction);

/// <summary>
/// The city's employers, each a pure function of (seed, number), so none need to be held in memory.
/// </summary>
public sealed class EmployerPool
{
    private static readonly string[] Words = ["昆仑", "湟水", "青海湖", "祁连", "高原", "三江源", "夏都", "河湟", "柴达木", "雪峰", "金源", "宏达", "鑫盛", "瑞丰", "天成", "安泰"];
    private static readonly string[] Trades = ["商贸", "物流", "餐饮", "科技", "食品", "医药", "纺织", "物业服务", "信息技术", "农牧", "机械", "旅游"];
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] UsccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    private readonly ulong _seed;
    private readonly CityMap _city;

    /// <summary>Creates the pool.</summary>
    /// <param name="seed">Run seed.</param>
    /// <param name="city">City (employers are registered in its districts).</param>
    /// <param name="count">Number of employers.</param>
    public EmployerPool(ulong seed, CityMap city, int count)
    {
        _seed = seed;
        _city = city;
        Count = count;
    }

    /// <summary>Number of employers: one per 40 persons, at least 20.</summary>
    public static int SizeFor(int persons) => Math.Max(20, persons / 40);

    /// <summary>Number of employers.</summary>
    public int Count { get; }

    /// <summary>The employer with the given number.</summary>
    public Employer Get(int number)
    {
        var rng = new Rng(_seed, 3, (ulong)number);
        var construction = rng.Chance(0.1);
        var district = rng.Pick(_city.Districts);
        var name = string.Concat(_city.CityName[..^1], rng.Pick(Words), rng.Pick(Words), construction ? "建筑工程" : rng.Pick(Trades), "有限公司");
        if (rng.Chance(0.3)) name = string.Concat(_city.CityName[..^1], rng.Pick(Words), construction ? "建设集团" : rng.Pick(Trades), "有限责任公司");
        return new Employer(number, name, Uscc(ref rng, district.Code), construction);
    }

    /// <summary>
    /// A unified social credit code (GB 32100-2015): registration authority 9 (market supervision), type 1 (enterprise),
    /// the 6-digit region, a 9-character organization code with its GB 11714 check, and the mod-31 check character.
    /// </summary>
    public static string Uscc(ref Rng rng, string region)
    {
        Span<char> c = stackalloc char[18];
        c[0] = '9';
        c[1] = '1';
        region.AsSpan().CopyTo(c[2..]);
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var v = rng.Next(10);
            c[8 + i] = (char)('0' + v);
            sum += v * OrgWeights[i];
        }
        var org = 11 - sum % 11;
        c[16] = org == 10 ? 'X' : org == 11 ? '0' : (char)('0' + org);
        var total = 0;
        for (var i = 0; i < 17; i++) total += UsccAlphabet.IndexOf(c[i]) * UsccWeights[i];
        var check = 31 - total % 31;
        c[17] = UsccAlphabet[check == 31 ? 0 : check];
        return new string(c);
    }
}
