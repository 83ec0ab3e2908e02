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
        Assert.Equal('0', ResidentId.ComputeCheckCharacter("44010619820923108"));
    }

    [Theory]
    [InlineData("44010619750612106x")]
    [InlineData("44010619750612106Ｘ")]
    [InlineData("44010619750612106ｘ")]
    [InlineData("４４０１０６１９７５０６１２１０６ｘ")]
    public void Case02_EveryXSpellingGivesTheSameCanonicalId(string raw)
    {
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.Equal("44010619750612106X", r.Id!.Value.Value);
        Assert.True(r.WasNormalized);
    }

    [Theory]
    [InlineData("３２０１０２１９８６０１１５４４１９")]
    [InlineData(" 320102198601154419 ")]
    [InlineData("320102 19860115 4419")]
    [InlineData("\t320102198601154419")]
    [InlineData("320102198601154419\u00A0")]
    [InlineData("\u3000320102198601154419")]
    [InlineData("320102198\u200B601154419")]
    [InlineData("\uFEFF320102198601154419\r\n")]
    [InlineData("320102\u2060198601154419\u202F")]
    [InlineData("'320102198601154419")]
    [InlineData("=\"320102198601154419\"")]
    [InlineData(" ＝＂320102198601154419＂")]
    public void Case03_WidthAndWhitespaceAreNormalizedToOneCanonicalId(string raw)
    {
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.True(r.IsValid, string.Join("; ", r.Issues));
        Assert.Equal("320102198601154419", r.Id!.Value.Value);
        Assert.True(r.WasNormalized);
        Assert.Equal("320102198601154419", r.Normalized);
    }

    [Theory]
    [InlineData("٣٢٠١٠٢١٩٨٦٠١١٥٤٤١٩", 0x0663)] // Arabic-Indic (the case's row 8)
    [InlineData("३२०१०२१९८६०११५४४१९", 0x0969)] // Devanagari
    [InlineData("32010219860115441\u0669", 0x0669)] // one Arabic-Indic digit at the end
    [InlineData("3201021986011544\u09E7\u09E9", 0x09E7)] // Bengali
    public void Case03_OtherUnicodeDigitsAreRejectedNotMapped(string raw, int firstBad)
    {
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.False(r.IsValid);
        var issue = Assert.Single(r.Issues);
        Assert.Equal(IssueCodes.IdBadCharacter, issue.Code);
        Assert.Contains($"U+{firstBad:X4}", issue.Message);
    }

    [Theory]
    [InlineData("32010219860115441A", IssueCodes.IdBadCharacter)]
    [InlineData("320102-19860115-4419", IssueCodes.IdBadCharacter)]
    [InlineData("3201021986011544", IssueCodes.IdBadLength)]
    [InlineData("3201021986011544191", IssueCodes.IdBadLength)]
    [InlineData("X20102198601154419", IssueCodes.IdBadCharacter)]
    [InlineData("", IssueCodes.IdMissing)]
    [InlineData(" \u3000 ", IssueCodes.IdMissing)]
    public void MalformedIdsAreRejectedWithTheReason(string raw, string code)
    {
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.False(r.IsValid);
        Assert.Equal(code, r.Issues[0].Code);
        Assert.DoesNotContain("320102198601154419", r.Issues[0].Message);
    }

    [Theory]
    [InlineData("110108200002301236", IssueCodes.IdBirthDateInvalid)] // 2000-02-30
    [InlineData("310115199902292342", IssueCodes.IdBirthDateInvalid)] // 1999-02-29, not a leap year
    [InlineData("440305203010103565", IssueCodes.IdBirthDateFuture)]  // 2030-10-10, after the run date
    public void Case09_ImpossibleOrFutureBirthDatesAreRejectedDespiteAValidCheck(string raw, string code)
    {
        Assert.Equal(raw[17], ResidentId.ComputeCheckCharacter(raw.AsSpan(0, 17)));
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.False(r.IsValid);
        Assert.Equal(code, Assert.Single(r.Issues).Code);
    }

    [Fact]
    public void Case09_LeapDayAndRecentDatesAreAcceptedAndFutureIsJudgedAgainstTheRunDate()
    {
        Assert.True(ResidentIdParser.Parse("310115200002292457", Today).IsValid);
        Assert.True(ResidentIdParser.Parse("440305202512313672", Today).IsValid);
        Assert.False(ResidentIdParser.Parse("440305202512313672", new DateOnly(2025, 12, 30)).IsValid);
        Assert.True(ResidentIdParser.Parse("440305203010103565", new DateOnly(2031, 1, 1)).IsValid);
    }

    [Fact]
    public void Case09_EveryMonthAndEveryLastDayIsAccepted()
    {
        var days = new[] { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        for (var m = 1; m <= 12; m++)
        {
            foreach (var d in new[] { 1, 10, days[m - 1] })
            {
                var body = $"110101{1999:D4}{m:D2}{d:D2}123";
                var id = body + ResidentId.ComputeCheckCharacter(body);
                var r = ResidentIdParser.Parse(id, Today);
                Assert.True(r.IsValid, $"{m}/{d}: {string.Join("; ", r.Issues)}");
                Assert.Equal(new DateOnly(1999, m, d), r.Id!.Value.BirthDate);
            }
            var over = $"110101{1999:D4}{m:D2}{days[m - 1] + 1:D2}123";
            Assert.Contains(ResidentIdParser.Parse(over + ResidentId.ComputeCheckCharacter(over), Today).Issues, i => i.Code == IssueCodes.IdBirthDateInvalid);
        }
    }

    [Fact]
    public void Case10_UpgradeComputesCheckOverSeventeenDigits()
    {
        Assert.Equal("320106196804151230", ResidentId.Upgrade15("320106680415123"));
        var legacy = ResidentIdParser.Parse("320106680415123", Today);
        Assert.Equal("320106196804151230", legacy.Id!.Value.Value);
        Assert.Equal("320106680415123", legacy.Legacy15);
        Assert.Equal(new DateOnly(1968, 4, 15), legacy.Id!.Value.BirthDate);
        Assert.Equal(Sex.Male, legacy.Id!.Value.Sex);
        Assert.Empty(legacy.Issues);
        var mis = ResidentIdParser.Parse("320106196804151233", Today);
        Assert.Null(mis.Id);
        Assert.Contains(mis.Issues, i => i.Code == IssueCodes.IdCheckMismatch && i.Message.Contains("expected 0, found 3"));
        Assert.Contains(mis.Issues, i => i.Code == IssueCodes.IdMisUpgraded);
        var april31 = ResidentIdParser.Parse("320106680431123", Today);
        Assert.False(april31.IsValid);
        Assert.Contains(april31.Issues, i => i.Code == IssueCodes.IdBirthDateInvalid && i.Message.Contains("1968-04-31"));
        // The legacy and the 18-character forms are the same person (same key).
        Assert.Equal(ResidentIdParser.Parse("320106196804151230", Today).Id, legacy.Id);
    }

    [Theory]
    [InlineData("6.30102E+17")]
    [InlineData("3.20102198601154E+17")]
    [InlineData("3.20102198601154e+17")]
    [InlineData("4.4010619750612E+17")]
    [InlineData("３.２０１０２Ｅ+１７")]
    public void SpreadsheetScientificNotationIsReportedNotRepaired(string raw)
    {
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.False(r.IsValid);
        Assert.Equal(IssueCodes.IdScientificNotation, Assert.Single(r.Issues).Code);
    }

    [Theory]
    [InlineData("320102198601154000")] // 320102198601154419 after a 15-significant-digit tool
    [InlineData("510107199505050000")] // 510107199505050187
    [InlineData("610113198302140000")] // 610113198302140373
    public void FifteenSignificantDigitZeroingIsReportedNotRepaired(string raw)
    {
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.False(r.IsValid);
        var issue = Assert.Single(r.Issues);
        Assert.Equal(IssueCodes.IdPrecisionLost, issue.Code);
    }

    [Fact]
    public void AnIdEndingIn000ThatPassesItsCheckIsValid()
    {
        var body = "11010119900101500";
        Assert.Equal('0', ResidentId.ComputeCheckCharacter(body));
        Assert.True(ResidentIdParser.Parse(body + "0", Today).IsValid);
    }

    [Theory]
    [InlineData("320102198601154419")]
    [InlineData("320102198601154432")] // what a double really holds
    [InlineData("3.20102198601154E+17")]
    public void NumericWorkbookCellsNeverYieldAnEighteenCharacterId(string rendered)
    {
        var r = ResidentIdParser.Parse(rendered, Today, null, wasNumericCell: true);
        Assert.False(r.IsValid);
        Assert.Equal(IssueCodes.IdNumericCell, Assert.Single(r.Issues).Code);
    }

    [Fact]
    public void ANumericWorkbookCellWithAFifteenDigitLegacyIdIsReadWithAWarning()
    {
        var r = ResidentIdParser.Parse("320106680415123", Today, null, wasNumericCell: true);
        Assert.True(r.IsValid);
        Assert.Equal("320106196804151230", r.Id!.Value.Value);
        Assert.Equal(IssueCodes.IdNumericCell, Assert.Single(r.Issues).Code);
        Assert.Equal(Severity.Warning, r.Issues[0].Severity);
    }

    [Fact]
    public void RegionChecks_UnknownProvinceIsAnError_UnknownRegionAWarning_RetiredCodeValid()
    {
        var noProvince = "99010119800101123";
        var r1 = ResidentIdParser.Parse(noProvince + ResidentId.ComputeCheckCharacter(noProvince), Today);
        Assert.Contains(r1.Issues, i => i.Code == IssueCodes.IdProvinceUnknown && i.Severity == Severity.Error);
        var unknown = "63019919800101123";
        var r2 = ResidentIdParser.Parse(unknown + ResidentId.ComputeCheckCharacter(unknown), Today);
        Assert.True(r2.IsValid);
        Assert.Equal(IssueCodes.IdRegionUnknown, Assert.Single(r2.Issues).Code);
        var retired = "63212419800101123"; // 湟中县, retired when it became a district
        var r3 = ResidentIdParser.Parse(retired + ResidentId.ComputeCheckCharacter(retired), Today);
        Assert.True(r3.IsValid);
        Assert.Empty(r3.Issues);
    }

    [Fact]
    public void CleanIdsAreNotCopied()
    {
        var raw = "320102198601154419";
        var r = ResidentIdParser.Parse(raw, Today);
        Assert.Same(raw, r.Id!.Value.Value);
        Assert.False(r.WasNormalized);
        Assert.Empty(r.Issues);
    }

    [Fact]
    public void MaskKeepsRegionAndLastCharacter()
    {
        Assert.Equal("320102***********9", ResidentId.Mask("320102198601154419"));
        Assert.Equal("320102***********9", ResidentId.FromCanonical("320102198601154419").Masked);
        Assert.Throws<FormatException>(() => ResidentId.FromCanonical("32010219860115441x"));
    }
}
