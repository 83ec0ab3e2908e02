using CsCheck;
using Canbao.Domain.Identifiers;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Tests;

public class UsccTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    private static Normalization.CellReading Read(string raw) => UnifiedSocialCreditCode.Read(raw, Today, RegionCodeHistory.Default);

    [Fact]
    public void Case12_Row1_WeightedSumMultipleOf31GivesCheckZero()
    {
        Assert.Equal('0', UnifiedSocialCreditCode.ComputeCheckCharacter("91110105MA01A2B0N"));
        var r = Read("91110105MA01A2B0N0");
        Assert.Equal("91110105MA01A2B0N0", r.Value);
        Assert.Null(r.Issue);
    }

    [Fact]
    public void Case12_Row2_ValidCode()
    {
        Assert.Equal('8', UnifiedSocialCreditCode.ComputeCheckCharacter("91310115MA1K3Y4Q7"));
        Assert.True(UnifiedSocialCreditCode.IsValid("91310115MA1K3Y4Q78"));
        Assert.Equal(new Normalization.CellReading("91310115MA1K3Y4Q78", null), Read("91310115MA1K3Y4Q78"));
    }

    [Fact]
    public void Case12_Row3_CheckMismatchIsAWarningAndTheCodeIsStoredVerbatim()
    {
        var r = Read("91310115MA1K3Y4Q7A");
        Assert.Equal("91310115MA1K3Y4Q7A", r.Value);
        Assert.Equal(IssueCodes.UsccCheckMismatch, r.Issue!.Code);
        Assert.Equal(Severity.Warning, r.Issue.Severity);
        Assert.Contains("expected 8, found A", r.Issue.Message);
    }

    [Theory]
    [InlineData("91110105MA01O2B0N0", 'O', 13)]
    [InlineData("91110105MA01I2B0N0", 'I', 13)]
    [InlineData("91110105MA01Z2B0N0", 'Z', 13)]
    [InlineData("91110105MA01S2B0N0", 'S', 13)]
    [InlineData("9111010VMA0102B0N0", 'V', 8)]
    public void Case12_Row4_LettersOutsideTheAlphabetAreAFormatWarningNeverCorrected(string code, char bad, int position)
    {
        var r = Read(code);
        Assert.Equal(code, r.Value);
        Assert.Equal(IssueCodes.UsccInvalidFormat, r.Issue!.Code);
        Assert.Equal(Severity.Warning, r.Issue.Severity);
        Assert.Contains($"'{bad}' at position {position}", r.Issue.Message);
        Assert.Equal(-1, UnifiedSocialCreditCode.ValueOf(bad));
    }

    [Theory]
    [InlineData("91310115ma1k3y4q78")]
    [InlineData(" 91310115MA1K3Y4Q78 ")]
    [InlineData("９１３１０１１５ＭＡ１Ｋ３Ｙ４Ｑ７８")]
    [InlineData("91310115 MA1K3Y4Q7 8")]
    public void Case12_Row5_LowerCaseWidthAndSpacesNormalizeToTheSameCode(string raw)
    {
        var r = Read(raw);
        Assert.Equal("91310115MA1K3Y4Q78", r.Value);
        Assert.Null(r.Issue);
    }

    [Theory]
    [InlineData("110105199003071239")]
    [InlineData("44010619750612106X")]
    [InlineData("44010619750612106x")]
    public void Case12_AValidResidentIdInTheCodeColumnIsAColumnMixUpAndNotStored(string id)
    {
        var r = Read(id);
        Assert.Null(r.Value);
        Assert.Equal(IssueCodes.UsccIsResidentId, r.Issue!.Code);
        Assert.Equal(Severity.Warning, r.Issue.Severity);
        Assert.DoesNotContain(id[..10], r.Issue.Message);
    }

    [Theory]
    [InlineData("9131011")]
    [InlineData("91310115MA1K3Y4Q78X")]
    [InlineData("320106680415123")] // an old 15-digit business registration number: not a credit code, not an ID mix-up
    public void WrongLengthIsAFormatWarning(string raw)
    {
        var r = Read(raw);
        Assert.Equal(raw, r.Value);
        Assert.Equal(IssueCodes.UsccInvalidFormat, r.Issue!.Code);
    }

    [Fact]
    public void AlphabetHas31CharactersWithoutIOZSV()
    {
        Assert.Equal(31, UnifiedSocialCreditCode.Alphabet.Length);
        foreach (var c in "IOZSV") Assert.DoesNotContain(c, UnifiedSocialCreditCode.Alphabet);
        for (var i = 0; i < 31; i++) Assert.Equal(i, UnifiedSocialCreditCode.ValueOf(UnifiedSocialCreditCode.Alphabet[i]));
    }

    [Fact]
    public void Property_AnyBodyWithItsComputedCheckIsValid_AndAnySingleChangeIsDetected()
    {
        var alphabet = UnifiedSocialCreditCode.Alphabet;
        Gen.Select(Gen.Int[0, 30].Array[17], Gen.Int[0, 17], Gen.Int[1, 30]).Sample((values, position, shift) =>
        {
            var body = new string(values.Select(v => alphabet[v]).ToArray());
            var code = body + UnifiedSocialCreditCode.ComputeCheckCharacter(body);
            Assert.True(UnifiedSocialCreditCode.IsValid(code));
            var chars = code.ToCharArray();
            chars[position] = alphabet[(UnifiedSocialCreditCode.ValueOf(chars[position]) + shift) % 31];
            Assert.False(UnifiedSocialCreditCode.IsValid(new string(chars)));
        });
    }
}
