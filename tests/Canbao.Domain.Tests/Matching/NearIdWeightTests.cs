using Canbao.Domain.Identifiers;
using Canbao.Domain.Matching;

namespace Canbao.Domain.Tests.Matching;

/// <summary>
/// A near resident ID (one edit, or the last three zeroed) already carries the birth date and region: they are not
/// counted again, and a near ID with a contradicting name or sex is no automatic match (the false-merge pattern of a
/// 300,000-person city: a real ID ending in 000 linked to the person sharing its first 15 characters).
/// </summary>
public class NearIdWeightTests
{
    private static readonly DateOnly Birth = new(2011, 4, 19);

    private static FellegiSunterScorer Scorer()
    {
        // A small city: 2,000 persons, names and addresses mostly distinct, a few birth dates and two regions.
        var names = new ValueFrequencies(); var dates = new ValueFrequencies(); var regions = new ValueFrequencies(); var addresses = new ValueFrequencies();
        for (var i = 0; i < 2000; i++)
        {
            names.Add($"N{i % 1500}"); dates.Add(Birth.AddDays(i % 700).ToString("yyyyMMdd"));
            regions.Add(i % 2 == 0 ? "630102" : "630103"); addresses.Add($"A{i}");
        }
        names.Add("张春鑫"); names.Add("张巧琴"); addresses.Add("七一路39号"); addresses.Add("黄河路144号");
        return new FellegiSunterScorer(names, dates, regions, addresses, new MatchParameters());
    }

    private static readonly string Male = "630102201104193019";           // a valid ID (sequence 301, male)
    private static readonly string ZeroEnding = "630102201104193000";     // a different person's valid ID (sequence 300, female)

    [Fact]
    public void Both_ids_are_valid_and_share_their_first_15_characters()
    {
        Assert.True(ResidentIdParser.Parse(Male, new DateOnly(2017, 3, 31)).IsValid);
        Assert.True(ResidentIdParser.Parse(ZeroEnding, new DateOnly(2017, 3, 31)).IsValid);
        Assert.Equal(IdRelation.Prefix15, IdNeighbors.Relate(ZeroEnding, Male));
    }

    [Fact]
    public void Prefix_id_with_other_name_sex_and_address_is_not_a_match()
    {
        var s = Scorer();
        var candidate = new LinkageFields(Male, "张春鑫", Birth, Sex.Male, "630102", "七一路39号");
        var row = new LinkageFields(ZeroEnding, "张巧琴", Birth, Sex.Female, "630102", "黄河路144号");
        var score = s.Score(row, candidate);
        // resident_id log2(0.95/1e-6) = 19.86; name log2(0.05/(1-u)) ≈ -4.32; sex log2(0.02/0.5) = -4.64; address log2(0.4/(1-u)) ≈ -1.32
        Assert.Equal(19.86, score.Parts.Single(p => p.Field == "resident_id").Weight, 2);
        Assert.Equal(("in_id", 0.0), score.Parts.Where(p => p.Field == "birth_date").Select(p => (p.Level, p.Weight)).Single());
        Assert.Equal(("in_id", 0.0), score.Parts.Where(p => p.Field == "region").Select(p => (p.Level, p.Weight)).Single());
        Assert.Equal(9.6, score.Total, 1);
        Assert.Equal(MatchDecision.NonMatch, s.Decide(score.Total, null));
    }

    [Theory]
    [InlineData("张巧琴", Sex.Male)]   // name contradicts
    [InlineData("", Sex.Female)]       // no name, sex contradicts
    public void One_contradiction_leaves_a_near_id_for_review(string name, Sex sex)
    {
        var s = Scorer();
        var candidate = new LinkageFields(Male, "张春鑫", Birth, Sex.Male, "630102", "七一路39号");
        var score = s.Score(new LinkageFields(ZeroEnding, name, null, sex, "630102", ""), candidate);
        Assert.Equal(MatchDecision.PossibleMatch, s.Decide(score.Total, null));
    }

    [Fact]
    public void Zeroed_copy_with_agreeing_name_and_sex_is_a_match()
    {
        var s = Scorer();
        var candidate = new LinkageFields(Male, "张春鑫", Birth, Sex.Male, "630102", "七一路39号");
        var score = s.Score(new LinkageFields(ZeroEnding, "张春鑫", null, Sex.Male, "630102", ""), candidate);
        Assert.Equal(MatchDecision.Match, s.Decide(score.Total, null));
    }

    [Fact]
    public void Far_or_missing_id_still_weighs_birth_date_and_region()
    {
        var s = Scorer();
        var candidate = new LinkageFields(Male, "张春鑫", Birth, Sex.Male, "630102", "七一路39号");
        var score = s.Score(new LinkageFields("", "张春鑫", Birth, Sex.Male, "630102", "七一路39号"), candidate);
        Assert.Equal("agree", score.Parts.Single(p => p.Field == "birth_date").Level);
        Assert.True(score.Parts.Single(p => p.Field == "birth_date").Weight > 9);
        Assert.Equal("agree", score.Parts.Single(p => p.Field == "region").Level);
    }
}
