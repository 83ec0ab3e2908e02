using System.Text;
using Canbao.Domain.Normalization;
using Canbao.Domain.Validation;

namespace Canbao.Domain.Tests;

public class NameNormalizerTests
{
    public static TheoryData<string> Separators => new() { "\u00B7", "\u2022", "\u2027", "\u30FB", "\uFF0E", "\uFF65", ".", "\u2219", "\u22C5" };

    [Theory]
    [MemberData(nameof(Separators))]
    public void Case13_EverySeparatorVariantBecomesU00B7(string separator)
    {
        var r = NameNormalizer.Normalize($"努尔{separator}艾力");
        Assert.Null(r.Issue);
        Assert.Equal("努尔\u00B7艾力", r.Value);
        Assert.Equal(new byte[] { 0xe5, 0x8a, 0xaa, 0xe5, 0xb0, 0x94, 0xc2, 0xb7, 0xe8, 0x89, 0xbe, 0xe5, 0x8a, 0x9b }, Encoding.UTF8.GetBytes(r.Value!));
    }

    [Theory]
    [InlineData("买买提\u30FB吐尔逊\u2022阿不都", "买买提·吐尔逊·阿不都")]
    [InlineData("努尔 · 艾力", "努尔·艾力")]
    [InlineData("努尔··艾力", "努尔·艾力")]
    [InlineData("努尔\u00B7\u30FB艾力", "努尔·艾力")]
    [InlineData(" 王　芳 ", "王芳")]
    [InlineData("\u200B张三\uFEFF", "张三")]
    [InlineData("ＪＯＨＮ　ＳＭＩＴＨ", "JOHN SMITH")]
    [InlineData("John   Smith", "John Smith")]
    [InlineData("阿依古丽.买买提", "阿依古丽·买买提")]
    public void NamesAreTrimmedWidthFoldedAndSeparatorsCanonicalised(string raw, string expected)
    {
        Assert.Equal(expected, NameNormalizer.Normalize(raw).Value);
    }

    [Fact]
    public void CleanNamesAreNotCopied()
    {
        var name = "努尔·艾力";
        Assert.Same(name, NameNormalizer.Normalize(name).Value);
    }

    [Theory]
    [InlineData("𠀀明")]        // U+20000, CJK Extension B
    [InlineData("王𪚥")]        // U+2A6A5
    [InlineData("𬌗 丽")]       // U+2C317 (Extension E) with padding
    public void CharactersOutsideTheBmpAreKeptWhole(string raw)
    {
        var r = NameNormalizer.Normalize(raw);
        Assert.Null(r.Issue);
        var expected = raw.Replace(" ", "");
        Assert.Equal(expected, r.Value);
        Assert.Equal(expected.EnumerateRunes().Count(), r.Value!.EnumerateRunes().Count());
    }

    [Theory]
    [InlineData("王\uE815", 0xE815)]
    [InlineData("\uF8F5李", 0xF8F5)]
    [InlineData("张\uDB80\uDC00", 0xF0000)] // plane 15 private use
    public void PrivateUseCharactersAreKeptAndFlagged(string raw, int codePoint)
    {
        var r = NameNormalizer.Normalize(raw);
        Assert.Equal(raw, r.Value);
        Assert.Equal(IssueCodes.NamePrivateUse, r.Issue!.Code);
        Assert.Equal(Severity.Warning, r.Issue.Severity);
        Assert.Contains($"U+{codePoint:X4}", r.Issue.Message);
    }

    [Theory]
    [InlineData("\uFFFD\uFFFD\uFFFD", IssueCodes.NameMojibake)]
    [InlineData("努尔\uFFFD艾力", IssueCodes.NameMojibake)]
    [InlineData("王\u0007芳", IssueCodes.NameBadCharacter)]
    public void MojibakeAndBrokenTextAreRejected(string raw, string code)
    {
        var r = NameNormalizer.Normalize(raw);
        Assert.Null(r.Value);
        Assert.Equal(code, r.Issue!.Code);
        Assert.Equal(Severity.Error, r.Issue.Severity);
        Assert.DoesNotContain("王", r.Issue.Message);
    }

    [Fact]
    public void BrokenSurrogatePairsAreRejected()
    {
        // Built at run time: a lone surrogate in an attribute would be replaced by U+FFFD when the test is discovered.
        foreach (var raw in new[] { "王" + (char)0xD840, (char)0xDC00 + "王", "王" + (char)0xD840 + "芳" })
        {
            var r = NameNormalizer.Normalize(raw);
            Assert.Null(r.Value);
            Assert.Equal(IssueCodes.NameBadCharacter, r.Issue!.Code);
        }
    }

    [Fact]
    public void Case13_ComparisonKeyIgnoresSeparators_AndASpellingNoteIsRaisedOnlyForSpellingDifferences()
    {
        Assert.Equal("努尔艾力", NameNormalizer.ComparisonKey("努尔·艾力"));
        Assert.Equal("努尔艾力", NameNormalizer.ComparisonKey("努尔艾力"));
        Assert.Equal("努尔艾力", NameNormalizer.ComparisonKey("努尔\u30FB艾力"));
        Assert.Equal("JOHNSMITH", NameNormalizer.ComparisonKey("John Smith"));

        Assert.Equal(NameComparison.Identical, NameNormalizer.Compare("努尔·艾力", "努尔\uFF0E艾力"));
        Assert.Null(NameNormalizer.SpellingNote("努尔·艾力", "努尔\u2022艾力"));

        Assert.Equal(NameComparison.SpellingDiffers, NameNormalizer.Compare("努尔·艾力", "努尔艾力"));
        var note = NameNormalizer.SpellingNote("努尔·艾力", "努尔艾力");
        Assert.Equal(IssueCodes.NameSpellingDiffers, note!.Code);
        Assert.DoesNotContain("努尔", note.Message);

        Assert.Equal(NameComparison.Different, NameNormalizer.Compare("努尔·艾力", "努尔·艾山"));
        Assert.Null(NameNormalizer.SpellingNote("努尔·艾力", "努尔·艾山"));
        Assert.Equal(NameComparison.Different, NameNormalizer.Compare("\uFFFD", "\uFFFD"));
    }

    [Fact]
    public void Case13_TheGbkFileDecodedWithGb18030GivesTheSameName()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = new byte[] { 0xc5, 0xac, 0xb6, 0xfb, 0xa1, 0xa4, 0xb0, 0xac, 0xc1, 0xa6 }; // 努尔·艾力 in GBK
        var decoded = Encoding.GetEncoding(54936).GetString(gbk);
        Assert.Equal("努尔\u00B7艾力", NameNormalizer.Normalize(decoded).Value);
        // A GB2312-only table (code page 20936) gives U+30FB; normalization still lands on U+00B7.
        var gb2312 = Encoding.GetEncoding(20936).GetString(gbk);
        Assert.Equal("努尔\u00B7艾力", NameNormalizer.Normalize(gb2312).Value);
    }
}
