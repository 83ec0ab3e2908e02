using Canbao.Domain.Identifiers;
using Canbao.Domain.Standard;

namespace Canbao.Synthetic;

/// <summary>
/// Generates the latent population of one district, household by household, as a stream (nothing is kept but a
/// fixed-size table of used ID sequence numbers, so memory does not grow with the population). The same seed, city,
/// size and base period always give the same persons in the same order.
/// </summary>
public sealed class Population
{
    /// <summary>Months before the base period covered by the horizon (the base period's change feeds report this year).</summary>
    public const int MonthsBefore = 12;
    /// <summary>Months after the base period covered by the horizon (later periods may be generated up to this far).</summary>
    public const int MonthsAfter = 36;

    private static readonly DateOnly Epoch = new(1900, 1, 1);
    private const int Days = 50_000; // 1900-01-01 … 2036
    private const int SeqSlots = 500;

    private readonly ulong _seed;
    private readonly CityMap _city;
    private readonly DateOnly _base;
    private readonly int _employers;

    /// <summary>Creates the population of a city.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="city">The city's geography.</param>
    /// <param name="basePeriodEnd">Last day of the first period generated into the output folder.</param>
    /// <param name="employers">Size of the employer pool (see <see cref="EmployerPool"/>).</param>
    public Population(ulong seed, CityMap city, DateOnly basePeriodEnd, int employers)
    {
        _seed = seed;
        _city = city;
        _base = basePeriodEnd;
        _employers = employers;
    }

    /// <summary>First day of the horizon.</summary>
    public DateOnly HorizonStart => _base.AddMonths(-MonthsBefore);

    /// <summary>Last day of the horizon.</summary>
    public DateOnly HorizonEnd => _base.AddMonths(MonthsAfter);

    /// <summary>The number of persons each district gets out of <paramref name="total"/> (shares by weight, remainder to the last).</summary>
    public static int[] Split(int total, CityMap city)
    {
        var n = city.Districts.Select(d => (int)Math.Round(total * d.Weight)).ToArray();
        n[^1] = Math.Max(0, total - n[..^1].Sum());
        return n;
    }

    /// <summary>Streams the persons of a district, in household order.</summary>
    /// <param name="district">The district.</param>
    /// <param name="count">How many persons it holds.</param>
    public IEnumerable<Person> Persons(District district, int count)
    {
        var used = new ushort[(district.Lineage.Count + _city.OtherProvinceCodes.Count) * Days * 2];
        var number = 0;
        for (var h = 0; number < count; h++)
        {
            var rng = new Rng(_seed, 1, (ulong)district.Index, (ulong)h);
            foreach (var p in Household(district, h, ref rng, used, number, count - number))
            {
                yield return p;
                number++;
            }
        }
    }

    private List<Person> Household(District d, int h, ref Rng rng, ushort[] used, int firstNumber, int room)
    {
        var members = new List<(string Relation, Sex Sex, DateOnly Birth)>(6);
        var headAge = 22 + (int)(63 * Math.Pow(rng.NextDouble(), 1.3));
        var headSex = rng.Chance(0.8) ? Sex.Male : Sex.Female;
        var headBirth = BirthAround(ref rng, headAge);
        members.Add(("户主", headSex, headBirth));
        var married = headAge >= 24 && rng.Chance(0.78);
        DateOnly? wifeBirth = null;
        if (married)
        {
            var b = headBirth.AddDays(rng.Next(-5 * 365, 3 * 365));
            members.Add(("配偶", headSex == Sex.Male ? Sex.Female : Sex.Male, b));
            wifeBirth = headSex == Sex.Male ? b : headBirth;
        }
        if (married && headAge < 62)
        {
            var kids = rng.Next(0, headAge < 30 ? 2 : 3) + (rng.Chance(0.3) ? 1 : 0);
            for (var k = 0; k < kids; k++)
            {
                var age = rng.Next(0, Math.Max(1, Math.Min(24, headAge - 21)));
                var s = rng.Chance(0.52) ? Sex.Male : Sex.Female;
                members.Add((s == Sex.Male ? "子" : "女", s, BirthAround(ref rng, age)));
            }
            if (headAge < 40 && rng.Chance(0.12))
            {
                // A birth in the horizon: reported in a newborn feed of some period.
                var s = rng.Chance(0.52) ? Sex.Male : Sex.Female;
                var b = HorizonStart.AddDays(rng.Next(HorizonEnd.DayNumber - HorizonStart.DayNumber));
                members.Add((s == Sex.Male ? "子" : "女", s, b));
            }
        }
        if (headAge is >= 30 and < 55 && rng.Chance(0.12))
        {
            var s = rng.Chance(0.5) ? Sex.Male : Sex.Female;
            members.Add((s == Sex.Male ? "父亲" : "母亲", s, BirthAround(ref rng, headAge + 25 + rng.Next(0, 8))));
        }
        if (members.Count > room) members.RemoveRange(room, members.Count - room);

        var hukou = !rng.Chance(0.07);
        var style = NameGenerator.DrawStyle(ref rng);
        var surname = NameGenerator.DrawSurname(ref rng);
        var township = rng.Pick(d.Townships);
        var previous = d.Townships.Count > 1 && rng.Chance(0.9) ? rng.Pick(d.Townships) : township;
        if (previous == township) previous = _city.Districts[(d.Index + 1) % _city.Districts.Count].Townships[0];
        var address = Addresses.Residence(ref rng, _city, d, township);
        var previousAddress = Addresses.Residence(ref rng, _city, _city.Districts.First(x => x.Code == previous.CountyCode), previous);
        var otherProvince = hukou ? null : rng.Pick(_city.OtherProvinceCodes);
        var hukouAddress = hukou ? address : Addresses.Elsewhere(ref rng, otherProvince!);
        var householdId = string.Concat(d.Code, (h + 1).ToString("D8", System.Globalization.CultureInfo.InvariantCulture));
        DateOnly? moveIn = null, moveOut = null;
        var move = rng.NextDouble();
        if (move < 0.015) moveIn = RandomDate(ref rng);
        else if (move < 0.03) moveOut = RandomDate(ref rng);
        var assistanceHousehold = rng.Chance(0.04);

        string? motherId = null;
        var persons = new List<Person>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var (relation, sex, birth) = members[i];
            var prng = new Rng(_seed, 2, (ulong)d.Index, ((ulong)h << 4) | (uint)i);
            var id = AssignId(d, otherProvince, sex, ref birth, used);
            var name = NameGenerator.Draw(ref prng, style, relation is "配偶" && style == NameGenerator.Style.Han ? NameGenerator.DrawSurname(ref prng) : surname, sex);
            if (relation == "配偶" && sex == Sex.Female || relation == "户主" && sex == Sex.Female) motherId ??= id;
            var occ = DrawOccupation(ref prng, d);
            var age = _base.Year - birth.Year;
            DateOnly? death = null;
            if (prng.Chance(4 * AnnualMortality(age))) death = RandomDate(ref prng);
            if (death is { } dd && dd < birth) death = null;
            DateOnly? prisonIn = null, prisonOut = null;
            if (age is >= 20 and < 60 && prng.Chance(sex == Sex.Male ? 0.007 : 0.001))
            {
                prisonIn = _base.AddMonths(-60).AddDays(prng.Next(365 * 8));
                prisonOut = prisonIn.Value.AddMonths(prng.Next(6, 72));
            }
            var (scenario, change, after) = DrawScenarios(ref prng);
            persons.Add(new Person
            {
                District = d, Number = firstNumber + i, HouseholdId = householdId, Relation = relation, Id = id, Name = name, Sex = sex, Birth = birth,
                HukouInCity = hukou,
                PermitNumber = hukou ? null : string.Concat(d.Code, prng.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Township = township, Address = address, PreviousTownship = previous, PreviousAddress = previousAddress, HukouAddress = hukouAddress,
                Phone = Addresses.Mobile(ref prng), Occupation = occ,
                Employer = occ == Occupation.Employee ? prng.Next(_employers) : -1,
                College = prng.Chance(0.4),
                MotherId = relation is "子" or "女" && motherId != id ? motherId : null,
                Death = death, MoveIn = moveIn, MoveOut = moveOut, PrisonIn = prisonIn, PrisonOut = prisonOut,
                Scenario = scenario, ScenarioChange = change, ScenarioAfter = after,
                StillEnrolledAfterDeath = prng.Chance(0.35),
                Assistance = assistanceHousehold && prng.Chance(0.8) ? prng.Pick(AssistanceKinds) : null,
                HasCard = prng.Chance(0.88),
                Seed = prng.NextULong(),
            });
        }
        return persons;
    }

    private static readonly string[] AssistanceKinds = ["城市低保", "农村低保", "特困供养", "孤儿", "重度残疾人"];

    private (EnrollmentScenario, DateOnly?, EnrollmentScenario) DrawScenarios(ref Rng rng)
    {
        var u = rng.NextDouble();
        var s = u < 0.80 ? EnrollmentScenario.Full
            : u < 0.86 ? EnrollmentScenario.Partial
            : u < 0.92 ? EnrollmentScenario.None
            : u < 0.955 ? EnrollmentScenario.Lapsed
            : u < 0.967 ? EnrollmentScenario.DuplicateMedical
            : u < 0.975 ? EnrollmentScenario.DuplicateRegion
            : EnrollmentScenario.Elsewhere;
        if (!rng.Chance(0.08)) return (s, null, s);
        var v = rng.NextDouble();
        var after = s != EnrollmentScenario.Full ? (v < 0.8 ? EnrollmentScenario.Full : EnrollmentScenario.Lapsed)
            : v < 0.7 ? EnrollmentScenario.Lapsed : EnrollmentScenario.None;
        return (s, _base.AddDays(1 + rng.Next(MonthsAfter * 30)), after);
    }

    private Occupation DrawOccupation(ref Rng rng, District d)
    {
        var rural = d.Code is "630106" or "630121" or "630123";
        var u = rng.NextDouble();
        if (rural && u < 0.12) return Occupation.LandExpropriated;
        u = rng.NextDouble();
        return u < 0.58 ? Occupation.Employee : u < 0.80 ? Occupation.SelfEmployed : Occupation.Unemployed;
    }

    private static double AnnualMortality(int age) => age switch
    {
        < 1 => 0.006,
        < 50 => 0.0012,
        < 60 => 0.004,
        < 70 => 0.012,
        < 80 => 0.035,
        _ => 0.09,
    };

    private DateOnly BirthAround(ref Rng rng, int age)
    {
        var b = _base.AddYears(-age).AddDays(-rng.Next(365));
        return b < new DateOnly(1915, 1, 1) ? new DateOnly(1915, 1, 1).AddDays(rng.Next(365)) : b;
    }

    private DateOnly RandomDate(ref Rng rng) => HorizonStart.AddDays(rng.Next(HorizonEnd.DayNumber - HorizonStart.DayNumber));

    /// <summary>
    /// A unique, valid resident ID: region in force at birth (the district's lineage, or the other province's code),
    /// birth date, a sequence whose parity gives the sex (GB 11643-1999 §6.4), and the MOD 11-2 check character.
    /// Sequence numbers are handed out from a fixed-size table per (region, day, sex), so IDs never collide.
    /// </summary>
    private string AssignId(District d, string? otherProvince, Sex sex, ref DateOnly birth, ushort[] used)
    {
        for (var attempt = 0; ; attempt++)
        {
            var month = birth.Year * 100 + birth.Month;
            string region;
            int slot, capacity, offset;
            if (otherProvince is null)
            {
                region = CityMap.RegionCodeAt(d, month);
                slot = IndexOf(d.Lineage, region);
                capacity = SeqSlots;
                offset = 0;
            }
            else
            {
                region = otherProvince;
                slot = d.Lineage.Count + IndexOfCode(_city.OtherProvinceCodes, region);
                var n = _city.Districts.Count;
                capacity = SeqSlots / n;
                offset = d.Index;
            }
            var day = birth.DayNumber - Epoch.DayNumber;
            var cell = (slot * Days + day) * 2 + (sex == Sex.Male ? 1 : 0);
            var k = used[cell];
            if (k < capacity)
            {
                used[cell] = (ushort)(k + 1);
                var raw = otherProvince is null ? k : offset + _city.Districts.Count * k;
                var seq = (raw * 211 + day % 500) % SeqSlots * 2 + (sex == Sex.Male ? 1 : 0);
                Span<char> body = stackalloc char[18];
                region.AsSpan().CopyTo(body);
                birth.TryFormat(body[6..], out _, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
                seq.TryFormat(body[14..], out _, "D3", System.Globalization.CultureInfo.InvariantCulture);
                body[17] = ResidentId.ComputeCheckCharacter(body[..17]);
                return new string(body);
            }
            birth = birth.AddDays(1);
        }
    }

    private static int IndexOf(IReadOnlyList<RegionCode> codes, string code)
    {
        for (var i = 0; i < codes.Count; i++) if (codes[i].Code == code) return i;
        throw new InvalidOperationException($"region {code} is not in the district's lineage");
    }

    private static int IndexOfCode(IReadOnlyList<string> codes, string code)
    {
        for (var i = 0; i < codes.Count; i++) if (codes[i] == code) return i;
        throw new InvalidOperationException($"region {code} is not an other-province code");
    }
}
