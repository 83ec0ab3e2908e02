using CsCheck;
using Canbao.Domain.Normalization;

namespace Canbao.Domain.Tests;

/// <summary>Round trips and idempotence of the value normalizers (CsCheck).</summary>
public class NormalizationPropertyTests
{
    private static readonly Gen<DateOnly> GenDate = Gen.Int[0, new DateOnly(2199, 12, 31).DayNumber - new DateOnly(1800, 1, 1).DayNumber]
        .Select(d => new DateOnly(1800, 1, 1).AddDays(d));

    [Fact]
    public void AnyDateInAnyAcceptedFormReadsBackToTheSameIsoDate()
    {
        Gen.Select(GenDate, Gen.Int[0, 6]).Sample((date, form) =>
        {
            var text = form switch
            {
                0 => date.ToString("yyyyMMdd"),
                1 => date.ToString("yyyy-MM-dd"),
                2 => $"{date.Year}/{date.Month}/{date.Day}",
                3 => $"{date.Year}.{date.Month}.{date.Day}",
                4 => $"{date.Year}年{date.Month}月{date.Day}日",
                5 => new string(date.ToString("yyyy-MM-dd").Select(c => char.IsAsciiDigit(c) ? (char)('\uFF10' + (c - '0')) : c).ToArray()),
                _ => $" {date:yyyy/MM/dd} 0:00:00 ",
            };
            Assert.Equal(new CellReading(date.ToString("yyyy-MM-dd"), null), DateReader.Read(text));
        });
    }

    [Fact]
    public void SerialNumbersRoundTripInBothDateSystems()
    {
        Gen.Select(GenDate.Where(d => d > new DateOnly(1904, 1, 1)), Gen.Bool).Sample((date, is1904) =>
        {
            var system = is1904 ? SpreadsheetDateSystem.Excel1904 : SpreadsheetDateSystem.Excel1900;
            var serial = is1904 ? date.DayNumber - new DateOnly(1904, 1, 1).DayNumber : date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;
            Assert.Equal(date.ToString("yyyy-MM-dd"), DateReader.Read(serial.ToString(), system, isSpreadsheetCell: true).Value);
        });
    }

    private static readonly string[] NamePieces =
        ["努", "尔", "艾", "力", "王", "芳", "𠀀", "\u00B7", "\u2022", "\u30FB", "\uFF0E", "\uFF65", ".", "\u2027", "\u2219", "\u22C5",
         " ", "\u3000", "\t", "\u200B", "\uFEFF", "Ａ", "b", "J", "\uE815"];

    private static readonly Gen<string> GenName = Gen.Int[0, NamePieces.Length - 1].Array[1, 12].Select(ix => string.Concat(ix.Select(i => NamePieces[i])));

    [Fact]
    public void NameNormalizationIsIdempotentAndKeepsOnlyU00B7AsSeparator()
    {
        GenName.Sample(name =>
        {
            var once = NameNormalizer.Normalize(name).Value!;
            Assert.Equal(once, NameNormalizer.Normalize(once).Value);
            foreach (var c in once) Assert.True(c == '\u00B7' || !NameNormalizer.IsSeparator(c));
            Assert.DoesNotContain("\u00B7\u00B7", once);
            Assert.Equal(once.Trim(), once);
            Assert.Equal(NameNormalizer.ComparisonKey(name), NameNormalizer.ComparisonKey(once));
            Assert.DoesNotContain('\u00B7', NameNormalizer.ComparisonKey(name));
        });
    }

    [Fact]
    public void AddressMatchingFormIsIdempotentAndHasNoLineBreaks()
    {
        var pieces = new[] { "南京市", "玄武区", "１２号", "12号", "\n", "\r", "\r\n", " ", "\u3000", "\u200B", "（临时）", "(临时)" };
        Gen.Int[0, pieces.Length - 1].Array[1, 10].Select(ix => string.Concat(ix.Select(i => pieces[i]))).Sample(address =>
        {
            var form = AddressNormalizer.MatchingForm(address);
            Assert.Equal(form, AddressNormalizer.MatchingForm(form));
            Assert.DoesNotContain('\n', form);
            Assert.DoesNotContain('\r', form);
            Assert.DoesNotContain("  ", form);
            Assert.Equal(AddressNormalizer.Stored(address), AddressNormalizer.Stored(AddressNormalizer.Stored(address)));
        });
    }
}
