using Canbao.Domain.Matching;

namespace Canbao.Domain.Tests.Matching;

/// <summary>Name and address folding for matching: the forms departments write fold to one key.</summary>
public class MatchKeysTests
{
    [Theory]
    [InlineData("王 伟", "王伟")]
    [InlineData("阿依古丽•买买提", "阿依古丽·买买提")]      // U+2022 bullet → U+00B7
    [InlineData("阿依古丽．买买提", "阿依古丽·买买提")]      // full-width full stop → U+00B7
    [InlineData("ｊｏｈｎ\u200B smith", "JOHNSMITH")]       // full-width letters, zero-width space, space
    [InlineData("josé", "JOSÉ")]                           // Latin-1 letter upper-cased like char.ToUpperInvariant
    [InlineData("\u3000张三\u3000", "张三")]                 // ideographic spaces
    public void Name_folds_the_forms_departments_write(string name, string expected) =>
        Assert.Equal(expected, MatchKeys.Name(name));

    [Theory]
    [InlineData("城中区 七一路39号", "城中区七一路39号")]
    [InlineData("城中区七一路３９号（东）", "城中区七一路39号东")] // full-width digits mapped, punctuation removed
    [InlineData("黄河路144号-2单元", "黄河路144号2单元")]
    [InlineData("apt. 3b", "APT3B")]
    public void Address_folds_whitespace_punctuation_and_width(string address, string expected) =>
        Assert.Equal(expected, MatchKeys.Address(address));

    [Fact]
    public void A_key_already_folded_is_returned_as_it_is()
    {
        var name = "张春鑫";
        Assert.Same(name, MatchKeys.Name(name));
        var address = "七一路39号";
        Assert.Same(address, MatchKeys.Address(address));
        Assert.Equal("", MatchKeys.Name(null));
        Assert.Equal("", MatchKeys.Address(""));
    }

    [Fact]
    public void A_long_text_folds_like_a_short_one()
    {
        var address = string.Concat(Enumerable.Repeat("七一路 39号，", 60)); // longer than the stack buffer
        Assert.Equal(string.Concat(Enumerable.Repeat("七一路39号", 60)), MatchKeys.Address(address));
    }
}

/// <summary>The surname blocking keys on.</summary>
public class SurnameTests
{
    [Theory]
    [InlineData("王伟", "王")]
    [InlineData("欧阳娜娜", "欧阳")]     // compound surname kept whole
    [InlineData("欧阳", "欧")]           // a two-character name is not read as a compound surname alone
    [InlineData("阿依古丽·买买提", "阿依古丽")]
    [InlineData("\U00020000明", "\U00020000")] // a character outside the BMP stays whole
    [InlineData("王", "王")]
    [InlineData("", "")]
    public void Surname_is_the_first_text_element_or_compound_surname(string folded, string expected) =>
        Assert.Equal(expected, MatchKeys.Surname(folded));
}

/// <summary>The one-edit candidates linkage looks up: only those with a right check character.</summary>
public class ValidOneEditTests
{
    /// <summary>
    /// Every string at one substitution (any of the 18 positions; <c>X</c> only in the last) or one adjacent
    /// transposition from <paramref name="id18"/>. Input must be 18 characters; yields nothing otherwise.
    /// </summary>
    private static IEnumerable<string> OneEdit(string id18)
    {
        if (id18.Length != 18) yield break;
        var buf = id18.ToCharArray();
        for (var i = 0; i < 18; i++)
        {
            var orig = buf[i];
            var n = i == 17 ? 11 : 10;
            for (var k = 0; k < n; k++)
            {
                var c = "0123456789X"[k];
                if (c == orig) continue;
                buf[i] = c;
                yield return new string(buf);
            }
            buf[i] = orig;
        }
        for (var i = 0; i < 17; i++)
        {
            if (buf[i] == buf[i + 1]) continue;
            (buf[i], buf[i + 1]) = (buf[i + 1], buf[i]);
            yield return new string(buf);
            (buf[i], buf[i + 1]) = (buf[i + 1], buf[i]);
        }
    }

    [Fact]
    public void ValidOneEdit_is_exactly_the_one_edit_strings_with_a_right_check_character()
    {
        var total = 0;
        foreach (var typo in new[] { "630102201104193018", "630102201140193019", "63010220110419301X", "630102201104193000", "6301022011041930X9" })
        {
            var expected = OneEdit(typo)
                .Where(n => n[..17].All(char.IsAsciiDigit) && Canbao.Domain.Identifiers.ResidentId.ComputeCheckCharacter(n.AsSpan(0, 17)) == n[17])
                .Order(StringComparer.Ordinal).ToList();
            var buffer = new char[IdNeighbors.MaxValidOneEdit * 18];
            var count = IdNeighbors.ValidOneEdit(typo, buffer);
            var written = Enumerable.Range(0, count).Select(i => new string(buffer, i * 18, 18)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, written);
            total += count;
        }
        Assert.True(total > 5, $"only {total} candidates");
        Assert.Equal(0, IdNeighbors.ValidOneEdit("63010220110419301", new char[IdNeighbors.MaxValidOneEdit * 18]));
    }

    [Fact]
    public void The_valid_ID_a_typo_came_from_is_among_the_candidates()
    {
        const string valid = "630102201104193019";
        var buffer = new char[IdNeighbors.MaxValidOneEdit * 18];
        var count = IdNeighbors.ValidOneEdit("630102201104139019", buffer); // adjacent digits swapped
        Assert.Contains(valid, Enumerable.Range(0, count).Select(i => new string(buffer, i * 18, 18)));
    }
}
