using Canbao.Domain.Identifiers;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Tests;

public class ResidentIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Fact]
    public void Case02_LowercaseXIsCanonicalisedAndCheckIsComparedAsCharacter()
    {
        Assert.Equal("44010619750612106X", ResidentIdParser.Parse("44010619750612106x", Today).Id!.Value.Value);
        Assert.Equal("44010619750612106X", ResidentIdParser.Parse("44010619750612106X", Today).Id!.Value.Value);
        var r3 = ResidentIdParser.Parse("44010619820923108X", Today);
        Assert.Null(r3.Id);
        Assert.Contains(r3.Issues, i => i.Code == IssueCodes.IdCheckMismatch && i.Message.Contains("expected 0, found X"));
        var r4 = ResidentIdParser.Parse("440106197506121060", Today);
        Assert.Contains(r4.Issues, i => i.Code == IssueCodes.IdCheckMismatch && i.Message.Contains("expected X, found 0"));
        Assert.True(ResidentIdParser.Parse("440106198209231080", Today).IsValid);
        Assert.Equal('X', ResidentId.ComputeCheckCharacter("44010619750612106"));
    }

    [Fact]
    public void Case10_UpgradeComputesCheckOverSeventeenDigits()
    {
        Assert.Equal("320106196804151230", ResidentId.Upgrade15("320106680415123"));
        var legacy = ResidentIdParser.Parse("320106680415123", Today);
        Assert.Equal("320106196804151230", legacy.Id!.Value.Value);
        Assert.Equal("320106680415123", legacy.Legacy15);
        var mis = ResidentIdParser.Parse("320106196804151233", Today);
        Assert.Null(mis.Id);
        Assert.Contains(mis.Issues, i => i.Code == IssueCodes.IdCheckMismatch && i.Message.Contains("expected 0, found 3"));
        Assert.Contains(mis.Issues, i => i.Code == IssueCodes.IdMisUpgraded);
        Assert.Contains(ResidentIdParser.Parse("320106680431123", Today).Issues, i => i.Code == IssueCodes.IdBirthDateInvalid);
    }
}
