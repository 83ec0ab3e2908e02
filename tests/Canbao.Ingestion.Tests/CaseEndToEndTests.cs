using Canbao.Domain.Validation;

namespace Canbao.Ingestion.Tests;

/// <summary>Identifier cases read end to end through the reader and the domain validator (run date 2026-11-29).</summary>
public class CaseEndToEndTests
{
    [Fact]
    public void Case02_CheckCharacterCase()
    {
        var drop = Drop.Case("02-id-check-char-case.input.csv").Balanced();
        Assert.Equal(5, drop.Summary.Rows);
        Assert.NotEqual(RowOutcome.Rejected, drop.Row(1).Outcome);
        Assert.NotEqual(RowOutcome.Rejected, drop.Row(2).Outcome);
        Assert.Equal("44010619750612106X", drop.Value(1, "resident_id"));
        Assert.Equal("44010619750612106X", drop.Value(2, "resident_id"));
        AssertRejected(drop.Row(3), IssueCodes.IdCheckMismatch, "expected 0, found X");
        AssertRejected(drop.Row(4), IssueCodes.IdCheckMismatch, "expected X, found 0");
        Assert.Equal("440106198209231080", drop.Value(5, "resident_id"));
        Assert.DoesNotContain(drop.Rows, r => r.Result.Record.TryGetValue("resident_id", out var id) && id.EndsWith('x'));
    }

    [Fact]
    public void Case03_FullWidthAndWhitespace()
    {
        var drop = Drop.Case("03-id-fullwidth-whitespace.input.csv").Balanced();
        Assert.Equal(8, drop.Summary.Rows);
        for (var r = 1; r <= 7; r++)
        {
            Assert.NotEqual(RowOutcome.Rejected, drop.Row(r).Outcome);
            Assert.Equal("320102198601154419", drop.Value(r, "resident_id"));
        }
        AssertRejected(drop.Row(8), IssueCodes.IdBadCharacter, "U+066");
    }

    [Fact]
    public void Case09_ImpossibleAndFutureBirthDates()
    {
        var drop = Drop.Case("09-impossible-birth-date.input.csv").Balanced();
        Assert.Equal(5, drop.Summary.Rows);
        AssertRejected(drop.Row(1), IssueCodes.IdBirthDateInvalid, "2000-02-30");
        AssertRejected(drop.Row(2), IssueCodes.IdBirthDateInvalid, "1999-02-29");
        AssertRejected(drop.Row(4), IssueCodes.IdBirthDateFuture, "2030-10-10");
        Assert.Equal("310115200002292457", drop.Value(3, "resident_id"));
        Assert.Equal("440305202512313672", drop.Value(5, "resident_id"));
        Assert.Equal(2, drop.Summary.Accepted + drop.Summary.Held);
        Assert.Equal(3, drop.Summary.Rejected);
    }

    [Fact]
    public void Case10_LegacyIdsUpgraded()
    {
        var a = Drop.Case("10-id15-to-18-upgrade.input.csv").Balanced();
        var b = Drop.Case("10-id15-to-18-upgrade.input-b.csv").Balanced();
        Assert.Equal("320106196804151230", a.Value(1, "resident_id"));
        Assert.Equal("320106680415123", a.Value(1, "resident_id_legacy15"));
        Assert.Equal(a.Value(1, "resident_id"), b.Value(1, "resident_id"));
        AssertRejected(a.Row(2), IssueCodes.IdCheckMismatch, "expected 0, found 3");
        AssertRejected(a.Row(3), IssueCodes.IdBirthDateInvalid, "1968-04-31");
        Assert.DoesNotContain(a.Rows.Concat(b.Rows), r => r.Result.Record.TryGetValue("resident_id", out var id) && id.Length != 18);
    }

    [Fact]
    public void Case12_UsccNeverRejectsThePerson()
    {
        var drop = Drop.Case("12-uscc-check-character.input.csv").Balanced();
        Assert.Equal(5, drop.Summary.Rows);
        Assert.Equal(0, drop.Summary.Rejected);
        Assert.Equal(RowOutcome.Accepted, drop.Row(1).Outcome);
        Assert.Equal(RowOutcome.Accepted, drop.Row(2).Outcome);
        Assert.Equal("91310115MA1K3Y4Q7A", drop.Value(3, "employer_uscc")); // kept verbatim
        Assert.Equal("91110105MA01O2B0N0", drop.Value(4, "employer_uscc")); // not "corrected"
    }

    [Fact]
    public void Case13_Utf8Variants_AllRead()
    {
        var drop = Drop.Case("13-name-middle-dot.input.csv").Balanced();
        Assert.Equal(8, drop.Summary.Rows);
        Assert.All(drop.Rows, r => Assert.Equal("650102198707070076", r.Result.Record["resident_id"]));
    }

    private static void AssertRejected(RowResult row, string code, string messagePart)
    {
        Assert.Equal(RowOutcome.Rejected, row.Outcome);
        var issue = Assert.Single(row.Issues, i => i.Issue.Code == code);
        Assert.Equal("公民身份号码", issue.Column);
        Assert.Contains(messagePart, issue.Issue.Message);
        Assert.Empty(row.Record);
    }
}
