using Canbao.Comparison;

namespace Canbao.Comparison.Tests;

public class ResolutionTests
{
    private static readonly string Zhao = Build.Id("63010219800101001"); // 赵子龙, male
    private static readonly string Qian = Build.Id("63010219900505002"); // 钱多多, female

    [Fact]
    public void Zeroed_id_that_happens_to_pass_the_check_is_no_phantom_person()
    {
        var zeroed = Zhao[..15] + "000"; // 630102198001010000 passes MOD 11-2 by chance
        Assert.True(Canbao.Domain.Identifiers.ResidentIdParser.Parse(zeroed, Build.Date).IsValid);
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), Build.Enroll(zeroed, "赵子龙", "390"));
        Assert.False(r.Persons.ContainsKey(zeroed));
        Assert.Equal(2, r.Persons[Zhao].Count);
    }

    private static Resolution Resolve(params SourceRow[] rows) =>
        Resolver.Resolve(World.Background(600).Concat(rows), Build.Date);

    [Fact]
    public void Valid_id_rows_from_two_departments_form_one_person()
    {
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), Build.Enroll(Zhao, "赵子龙", "390"));
        Assert.Equal(601, r.Persons.Count);
        Assert.Equal(["resident_id", "resident_id"], r.Persons[Zhao].Select(x => x.LinkedBy));
        Assert.Equal(0, r.Counts.Unlinked);
    }

    [Fact]
    public void Legacy_15_digit_id_is_upgraded_and_kept_as_alias()
    {
        var legacy = Zhao[..6] + Zhao[8..17]; // 630102800101001
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), Build.Enroll(legacy, "赵子龙", "390"));
        var rows = r.Persons[Zhao];
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, x => x.LinkedBy == "legacy15_upgraded" && x.IdText == legacy);
        Assert.Equal(1, r.Counts.Upgraded);
    }

    [Theory]
    [InlineData("typo")]
    [InlineData("transposition")]
    [InlineData("check")]
    [InlineData("precision_lost")]
    public void Unusable_id_one_edit_away_is_linked_by_weights(string fault)
    {
        var bad = fault switch
        {
            "typo" => Zhao[..3] + (Zhao[3] == '1' ? '7' : '1') + Zhao[4..],
            "transposition" => Zhao[..15] + Zhao[16] + Zhao[15] + Zhao[17..], // "0","1" at 15/16
            "check" => Build.BadCheck(Zhao),
            _ => Zhao[..15] + "000",
        };
        Assert.NotEqual(Zhao, bad);
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), Build.Enroll(bad, "赵子龙", "390"));
        var rows = r.Persons[Zhao];
        Assert.Equal(2, rows.Count);
        var linked = Assert.Single(rows, x => x.LinkedBy.StartsWith("linkage:"));
        Assert.Equal(bad, linked.IdText);
        Assert.Equal(1, r.Counts.Linked);
        Assert.Empty(r.Problems);
        Assert.Equal(601, r.Persons.Count); // background + 赵子龙: no phantom person
    }

    [Fact]
    public void Unusable_id_with_another_name_is_not_linked()
    {
        var bad = Build.BadCheck(Zhao);
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), Build.Enroll(bad, "孙悟空", "390"));
        Assert.Single(r.Persons[Zhao]);
        Assert.Equal(0, r.Counts.Linked);
    }

    [Fact]
    public void Missing_id_with_name_and_region_only_goes_to_review_not_merged()
    {
        // Scientific notation keeps only the region; the enrollment feed has no birth date: name + region is not enough.
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), Build.Enroll("6.30102E+17", "赵子龙", "390"));
        Assert.Single(r.Persons[Zhao]);
        Assert.True(r.Problems.Count == 1, string.Join("\n", r.Problems));
        var p = r.Problems[0];
        Assert.Equal(ProblemKinds.PossibleMatch, p.Kind);
        Assert.Equal(Zhao, p.PersonId);
        Assert.Equal(1, r.Counts.PossibleMatches);
    }

    [Fact]
    public void Missing_id_with_name_birth_date_sex_and_address_is_linked()
    {
        var row = Build.Row("students", "", "赵子龙", ("birth_date", "1980-01-01"), ("sex", "男"), ("hukou_address", "城东区东关大街1号"));
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), row);
        Assert.Equal(2, r.Persons[Zhao].Count);
    }

    [Fact]
    public void Two_valid_ids_are_never_merged_and_look_alike_is_a_possible_duplicate_identity()
    {
        var other = Build.Id("63010219800101013");
        var r = Resolve(Build.Registry(Zhao, "赵子龙"), Build.Registry(other, "赵子龙"));
        Assert.Single(r.Persons[Zhao]);
        Assert.Single(r.Persons[other]);
        var p = Assert.Single(r.Problems);
        Assert.Equal(ProblemKinds.PossibleDuplicateIdentity, p.Kind);
        Assert.Equal(new[] { Zhao, other }.Order(StringComparer.Ordinal), new[] { p.PersonId, p.OtherId });
    }

    [Fact]
    public void Common_name_same_birth_date_but_far_id_is_not_merged()
    {
        var wang = Build.Id("63010219800101031");
        var farBad = Build.BadCheck(Build.Id("63010519800101077")); // two regions digits + sequence differ
        var row = Build.Row("students", farBad, "王伟", ("birth_date", "1980-01-01"), ("sex", "男"));
        var r = Resolve(Build.Registry(wang, "王伟"), row);
        Assert.Single(r.Persons[wang]);
        Assert.Equal(0, r.Counts.Linked);
    }
}
